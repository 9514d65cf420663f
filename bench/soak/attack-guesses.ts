// bench:attacks, the password-guessing rows of issue 12's table (2, 3, 11, 13), plus what the
// data files' modes are. Each guesser has its own loopback address, so rows do not share an
// address's lockout.
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  basic,
  healthWatch,
  http,
  logLines,
  pw,
  showHealth,
  type RowResult,
  type Target,
} from './attack-kit.js';

/** Row 2: 240 admin guesses, each followed by the viewer's right password, one address. */
export async function row2(t: Target): Promise<RowResult> {
  const statuses: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < 240; i++) {
    const auth = { Authorization: basic('admin', `guess${i}`) };
    statuses.push((await http(t, 'GET', '/api/me', auth, undefined, '127.0.0.6')).status);
    await http(t, 'GET', '/api/me', { Authorization: basic('vera') }, undefined, '127.0.0.6');
  }
  const tried = statuses.filter((s) => s === 401).length;
  return {
    row: 2,
    attack: '240 admin guesses alternating with a known viewer login',
    before: '240 guesses checked in 0.8 s, no 429',
    after: `${tried} guesses checked, ${statuses.filter((s) => s === 429).length} answered 429 (${Math.round(performance.now() - t0)} ms)`,
  };
}

/** Row 3: 400 parallel Basic guesses with the right one at #41; alice elsewhere meanwhile. */
export async function row3(t: Target): Promise<RowResult> {
  const health = healthWatch(t);
  const kept = healthWatch(t, true);
  const answers = await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      http(
        t,
        'GET',
        '/api/me',
        { Authorization: basic('bob', i === 40 ? pw('bob') : `guess${i}`) },
        undefined,
        '127.0.0.7',
      ),
    ),
  );
  const h = await health.stop();
  const k = await kept.stop();
  const count = (s: number) => answers.filter((a) => a.status === s).length;
  return {
    row: 3,
    attack: '400 parallel Basic guesses, the right one at #41',
    before: '#41 got 200; a normal Basic user elsewhere waited 7-19 s',
    after: `#41 got ${answers[40]!.status}; ${count(200)} x 200, ${count(401)} x 401, ${count(429)} x 429, ${count(0)} dropped at accept (over 64 unauthenticated sockets from the address); alice's ${showHealth(h, k)}`,
  };
}

/** Row 11: a 12 KB user name (log line length) and malformed headers (do they count?). */
export async function row11(t: Target): Promise<RowResult> {
  const before = logLines(t).length;
  const name = 'x'.repeat(12_000);
  const long = await http(t, 'GET', '/api/me', {
    Authorization: `Basic ${Buffer.from(`${name}:pw`).toString('base64')}`,
  });
  const longest = Math.max(
    0,
    ...logLines(t)
      .slice(before)
      .map((l) => l.length),
  );
  // Headers no scheme can use, from one address, then the right password from it.
  const junk = ['Bearer abc', 'Digest ,,,', 'Basic !!!', 'Digest username="vera"', 'Negotiate x'];
  for (const h of junk) await http(t, 'GET', '/api/me', { Authorization: h }, undefined, '127.0.0.11');
  const right = await http(t, 'GET', '/api/me', { Authorization: basic('vera') }, undefined, '127.0.0.11');
  return {
    row: 11,
    attack: '12 KB user name; malformed Authorization headers',
    before: '12 KB log lines; malformed headers did not count toward lockout',
    after: `12 KB name: ${long.status}, longest log line ${longest} bytes; after ${junk.length} malformed headers the right password got ${right.status}`,
  };
}

/** Row 13: 200 admin guesses spread over 50 addresses; the data files' permissions. */
export async function row13(t: Target): Promise<RowResult> {
  const statuses: number[] = [];
  for (let i = 0; i < 200; i++) {
    const from = `127.0.13.${1 + (i % 50)}`;
    statuses.push(
      (await http(t, 'GET', '/api/me', { Authorization: basic('admin', `g${i}`) }, undefined, from)).status,
    );
  }
  const modes = readdirSync(t.dataDir)
    .filter((f) => /^(audit|chat)\.db/.test(f))
    .map((f) => `${f} ${(statSync(join(t.dataDir, f)).mode & 0o777).toString(8)}`);
  const dir = (statSync(t.dataDir).mode & 0o777).toString(8);
  return {
    row: 13,
    attack: '200 admin guesses from 50 addresses; data file modes',
    before: 'no 429 (lockout per address only); audit.db/chat.db 0644',
    after: `${statuses.filter((s) => s === 401).length} checked, ${statuses.filter((s) => s === 429).length} x 429; data dir ${dir}, ${modes.join(', ')}`,
  };
}
