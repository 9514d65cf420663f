import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ScenarioInfo } from '../types.js';

// Built-in scenarios (read-only, the repo's scenarios/) and user scenarios (saved from the
// editor). Descriptions are read from the source text, so listing never executes a file.
const namePattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class ScenarioStore {
  constructor(
    readonly builtinDir: string,
    readonly userDir: string,
  ) {}

  private static describe(source: string): string {
    return /description:\s*(['"`])((?:(?!\1).)*)\1/.exec(source)?.[2] ?? '';
  }

  private scan(dir: string, builtin: boolean): ScenarioInfo[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.startsWith('.') && !f.endsWith('.d.ts'))
      .map((f) => {
        const file = join(dir, f);
        return {
          name: basename(f, '.ts'),
          file,
          builtin,
          description: ScenarioStore.describe(readFileSync(file, 'utf8')),
        };
      });
  }

  list(): ScenarioInfo[] {
    const builtins = this.scan(this.builtinDir, true);
    const names = new Set(builtins.map((b) => b.name));
    return [...builtins, ...this.scan(this.userDir, false).filter((u) => !names.has(u.name))];
  }

  get(name: string): ScenarioInfo | undefined {
    return this.list().find((s) => s.name === name);
  }

  source(name: string): string | undefined {
    const info = this.get(name);
    return info ? readFileSync(info.file, 'utf8') : undefined;
  }

  /** Save a user scenario; a built-in's name is refused (save under a new name). */
  save(name: string, source: string): ScenarioInfo {
    if (!namePattern.test(name))
      throw new TypeError('scenario name must be 1-64 characters of a-z, 0-9 and "-"');
    if (this.scan(this.builtinDir, true).some((b) => b.name === name))
      throw new TypeError(`"${name}" is a built-in scenario and read-only: save it under a new name`);
    mkdirSync(this.userDir, { recursive: true });
    const file = join(this.userDir, `${name}.ts`);
    writeFileSync(file, source);
    return { name, file, builtin: false, description: ScenarioStore.describe(source) };
  }

  /** Unsaved editor source, written next to user scenarios so its imports resolve. */
  scratch(runId: string, source: string): string {
    mkdirSync(this.userDir, { recursive: true });
    const file = join(this.userDir, `.unsaved-${runId}.ts`);
    writeFileSync(file, source);
    return file;
  }
}
