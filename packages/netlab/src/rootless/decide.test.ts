import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, rootHint, type HostFacts } from './decide.js';
import { keptFolders, prepareRuns, stateDir, sweepSessions } from './runs.js';
import { labRunsEnvVar, repoRoot } from '../util/paths.js';

const pathsModule = fileURLToPath(new URL('../util/paths.ts', import.meta.url));

const defaults = {
  maxUserNamespaces: '96365',
  maxNetNamespaces: '96365',
  maxMntNamespaces: '96365',
  maxPidNamespaces: '96365',
};

function facts(over: Partial<HostFacts> = {}): HostFacts {
  return { uid: 1000, unshare: true, ip: true, sysctl: { ...defaults }, probe: { ok: true }, ...over };
}

function missing(f: HostFacts): string[] {
  const d = decide(f);
  if (d.mode !== 'unavailable') throw new Error(`expected unavailable, got ${d.mode}`);
  return d.missing;
}

describe('decide: how the lab gets its privileges', () => {
  it('root: the root path, whatever else the machine says', () => {
    expect(decide(facts({ uid: 0, unshare: false, probe: undefined }))).toEqual({ mode: 'root' });
    expect(decide(facts({ uid: 0, optOut: true }))).toEqual({ mode: 'root' });
  });

  it('not root, user namespaces work: rootless', () => {
    expect(decide(facts())).toEqual({ mode: 'rootless' });
  });

  it('a probe that passed wins over a sysctl that looks restrictive (e.g. an AppArmor profile allows it)', () => {
    expect(decide(facts({ sysctl: { ...defaults, apparmorRestrictUserns: '1' } }))).toEqual({
      mode: 'rootless',
    });
  });

  it('max_user_namespaces=0: names the sysctl and how to allow it, and root', () => {
    const m = missing(
      facts({
        sysctl: { ...defaults, maxUserNamespaces: '0' },
        probe: { ok: false, step: 'unshare', stderr: 'unshare: unshare failed: No space left on device' },
      }),
    );
    expect(m[0]).toBe(rootHint);
    expect(m).toContain(
      'user namespaces: user.max_user_namespaces=0 disables them (allow: sysctl -w user.max_user_namespaces=15000, or run as root)',
    );
    expect(m).toHaveLength(2);
  });

  it('Debian unprivileged_userns_clone=0 and AppArmor restriction are named', () => {
    const probe = { ok: false, step: 'unshare' as const, stderr: 'Operation not permitted' };
    expect(
      missing(facts({ sysctl: { ...defaults, unprivilegedUsernsClone: '0' }, probe })).join('\n'),
    ).toMatch(/kernel\.unprivileged_userns_clone=0 .*sysctl -w kernel\.unprivileged_userns_clone=1/);
    expect(
      missing(
        facts({ sysctl: { ...defaults, apparmorRestrictUserns: '1' }, probe: { ok: false, step: 'mount' } }),
      ).join('\n'),
    ).toMatch(/kernel\.apparmor_restrict_unprivileged_userns=1/);
  });

  it('max_net_namespaces=0 is named too', () => {
    const m = missing(facts({ sysctl: { ...defaults, maxNetNamespaces: '0' }, probe: { ok: false } }));
    expect(m.join('\n')).toMatch(/user\.max_net_namespaces=0/);
  });

  it('unshare missing: names the package', () => {
    const m = missing(facts({ unshare: false, probe: undefined }));
    expect(m).toEqual([
      rootHint,
      'unshare: not on PATH, needed for the rootless mode (apt-get install util-linux)',
    ]);
  });

  it('ip missing: names iproute2', () => {
    expect(missing(facts({ ip: false, probe: undefined }))).toContain(
      'iproute2: the `ip` command is not on PATH (apt-get install iproute2)',
    );
  });

  it('the probe failed with no sysctl to blame: says which step and what the kernel said', () => {
    expect(
      missing(
        facts({ probe: { ok: false, step: 'unshare', stderr: 'unshare failed: Operation not permitted\n' } }),
      )[1],
    ).toBe(
      "user namespaces: `unshare --user --map-root-user --net --mount --pid` failed: unshare failed: Operation not permitted (a container's seccomp profile or a security module may block them; or run as root)",
    );
    expect(
      missing(facts({ probe: { ok: false, step: 'mount', stderr: 'mount: permission denied' } }))[1],
    ).toBe('user namespaces: mounting a tmpfs over /run/netns inside one failed: mount: permission denied');
    expect(missing(facts({ probe: { ok: false, step: 'netns' } }))[1]).toBe(
      'user namespaces: `ip netns add` inside one failed',
    );
    expect(missing(facts({ probe: { ok: false, step: 'link' } }))[1]).toMatch(/creating a bridge/);
  });

  it('PULSEBOARD_LAB_ROOTLESS=0 turns the rootless mode off', () => {
    expect(missing(facts({ optOut: true }))).toEqual([
      rootHint,
      'rootless mode turned off (PULSEBOARD_LAB_ROOTLESS=0)',
    ]);
  });
});

describe('run folders of the rootless mode', () => {
  const base = mkdtempSync(join(tmpdir(), 'pbx-runs-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const uid = process.getuid?.() ?? 0;

  it('state folder: $XDG_STATE_HOME first, then ~/.local/state, then $TMPDIR', () => {
    expect(stateDir({ XDG_STATE_HOME: join(base, 'xdg'), HOME: join(base, 'h1') }, uid)).toBe(
      join(base, 'xdg/pulseboard-lab'),
    );
    expect(stateDir({ HOME: join(base, 'h2') }, uid)).toBe(join(base, 'h2/.local/state/pulseboard-lab'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(base, 'tmp');
    try {
      mkdirSync(join(base, 'tmp'));
      // A HOME that is a file cannot hold folders: that candidate fails, the TMPDIR one is taken.
      writeFileSync(join(base, 'home-file'), '');
      expect(stateDir({ HOME: join(base, 'home-file') }, uid)).toBe(
        join(base, 'tmp', `pulseboard-lab-${uid}`),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('a session folder per run, named by the real PID; results and user scenarios kept apart', () => {
    const layout = prepareRuns({ XDG_STATE_HOME: join(base, 'state') }, uid);
    expect(layout.keep).toBe(join(base, 'state/pulseboard-lab/runs'));
    for (const f of keptFolders) expect(existsSync(join(layout.keep, f))).toBe(true);
    expect(layout.session.startsWith(join(base, 'state/pulseboard-lab/sessions', `${process.pid}x`))).toBe(
      true,
    );
  });

  it("sweeps sessions whose process is gone, never a live one's", () => {
    const sessions = join(base, 'sessions');
    mkdirSync(join(sessions, '999999999xdead'), { recursive: true });
    mkdirSync(join(sessions, `${process.pid}xlive`), { recursive: true });
    mkdirSync(join(sessions, '1xinit'), { recursive: true });
    expect(sweepSessions(sessions)).toEqual(['999999999xdead']);
    expect(readdirSync(sessions).sort()).toEqual([`${process.pid}xlive`, '1xinit'].sort());
  });

  it('the run folder follows PULSEBOARD_LAB_RUNS_DIR (rootless labs never need the repository’s own)', () => {
    const moved = join(base, 'session-runs');
    const print = `import(${JSON.stringify(pathsModule)}).then((m) => console.log(m.labRunsDir))`;
    const run = (env: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', print], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      }).trim();
    expect(run({ [labRunsEnvVar]: moved })).toBe(moved);
    expect(run({ [labRunsEnvVar]: '' })).toBe(join(repoRoot, '.lab-runs'));
  });
});
