import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveOptions } from '../cli/serve.js';

// deploy/pulseboard.service must stay a unit systemd accepts, and its ExecStart must stay a
// command line `pulseboard serve` accepts: renaming a flag would otherwise break installed boards.

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const unitPath = `${repo}deploy/pulseboard.service`;
const unit = readFileSync(unitPath, 'utf8');

function directive(name: string): string[] {
  const joined = unit.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!.trim());
}

describe('deploy/pulseboard.service', () => {
  it('passes systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('starts the shipped binary with flags that serve accepts', () => {
    const [exec] = directive('ExecStart');
    const [node, ...rest] = exec!.split(/\s+/);
    const [bin, command, ...flags] = rest.slice(rest.findIndex((t) => !t.startsWith('--')));
    expect(node).toBe('/usr/bin/node');
    expect(bin).toBe('/opt/pulseboard/apps/server/bin/pulseboard.js');
    expect(existsSync(`${repo}apps/server/bin/pulseboard.js`)).toBe(true);
    expect(command).toBe('serve');
    expect(serveOptions(flags)).toEqual({
      board: '/etc/pulseboard/board.yaml',
      dataDir: '/var/lib/pulseboard',
      port: 8080,
    });
  });

  it('runs node with the flags the bin ships on its #! line (and npm start reads from there)', () => {
    const [exec] = directive('ExecStart');
    const unitFlags = exec!
      .split(/\s+/)
      .filter((t, i, all) => i < all.findIndex((x) => x.endsWith('.js')) && t.startsWith('--'));
    const shebang = readFileSync(`${repo}apps/server/bin/pulseboard.js`, 'utf8').split('\n')[0]!;
    expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
    expect(unitFlags).toContain('--v8-pool-size=1');
    expect(shebang.split(/\s+/).filter((t) => t.startsWith('--'))).toEqual(unitFlags);
    const start = readFileSync(`${repo}scripts/start.mjs`, 'utf8');
    expect(start).toMatch(/readFileSync\(bin, 'utf8'\)/);
    expect(start).toContain('[...nodeFlags, bin, ');
  });

  it('is a notify service with a watchdog, restarts, and holds no capabilities', () => {
    expect(directive('Type')).toEqual(['notify']);
    expect(directive('WatchdogSec')).toEqual(['10s']);
    expect(directive('Restart')).toEqual(['always']);
    expect(directive('CapabilityBoundingSet')).toEqual(['']);
    expect(directive('AmbientCapabilities')).toEqual(['']);
    expect(directive('NoNewPrivileges')).toEqual(['yes']);
    expect(directive('ProtectSystem')).toEqual(['strict']);
    expect(directive('StateDirectory')).toEqual(['pulseboard']);
    expect(directive('SupplementaryGroups')).toEqual(['gpio']);
  });
});
