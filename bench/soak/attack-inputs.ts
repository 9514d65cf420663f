// bench:attacks, the rows of issue 12's table about what a request carries (4, 5, 6, 9, 12):
// a cross-site form, a queue of commands, a formula as a line name, an unparsable target,
// spoofing characters in chat.
import { basic, http, logLines, raw, sleep, type RowResult, type Target } from './attack-kit.js';

const json = { 'Content-Type': 'application/json' };
const locks = async (t: Target) =>
  (
    JSON.parse((await http(t, 'GET', '/api/lock', { Authorization: basic('admin') })).body) as {
      locks: unknown[];
    }
  ).locks.length;

/** Row 4: what a form on another site can send with the user's credentials. */
export async function row4(t: Target): Promise<RowResult> {
  const auth = { Authorization: basic('alice') };
  const form = { ...auth, 'Content-Type': 'text/plain', Origin: 'http://evil.example' };
  const lock = await http(t, 'POST', '/api/lock', form, '{"lines":["lights"]}');
  const chat = await http(t, 'POST', '/api/chat', form, '{"text":"hi from evil"}');
  const foreign = { ...auth, ...json, Origin: 'http://evil.example' };
  const jsonLock = await http(t, 'POST', '/api/lock', foreign, '{"lines":["lights"]}');
  const held = await locks(t);
  return {
    row: 4,
    attack: 'cross-site text/plain form (lock, chat); JSON with a foreign Origin',
    before: 'the form took a whole-board lock (never expires) and posted chat',
    after: `form lock ${lock.status}, form chat ${chat.status}, foreign-Origin JSON lock ${jsonLock.status}; locks held ${held}`,
  };
}

/** Row 5: bob queues 150 commands on a line, then alice takes the lock and operates it. */
export async function row5(t: Target): Promise<RowResult> {
  // 150 requests at once, from three addresses (one address may hold 64 sockets before
  // authentication: the rest would be dropped at accept, which is row 10's business).
  const bobs = Array.from({ length: 150 }, (_, i) =>
    http(
      t,
      'POST',
      '/api/lines/lights',
      { ...json, Authorization: basic('bob') },
      JSON.stringify({ value: i % 2 }),
      `127.0.5.${1 + (i % 3)}`,
    ),
  );
  await sleep(300);
  const alice = { ...json, Authorization: basic('alice') };
  await http(t, 'POST', '/api/lock', alice, JSON.stringify({ lines: ['lights'] }), '127.0.5.9');
  const op = await http(t, 'POST', '/api/lines/lights', alice, '{"value":1}', '127.0.5.9');
  const codes: Record<number, number> = {};
  for (const r of await Promise.all(bobs)) codes[r.status] = (codes[r.status] ?? 0) + 1;
  await http(t, 'DELETE', '/api/lock', { Authorization: basic('alice') });
  return {
    row: 5,
    attack: '150 queued commands by one user, then another takes the lock',
    before: "lock holder waited 13.3 s; 138 of the other user's commands ran after the lock",
    after: `lock holder's command answered ${op.status} in ${Math.round(op.ms)} ms; bob's 150: ${JSON.stringify(codes)} (200 ran, 429 refused, 409 LOCK_TAKEN/LOCK_HELD, 0 no answer)`,
  };
}

/** Row 6: a viewer plants a formula as a line name; what does the admin's CSV export hold? */
export async function row6(t: Target): Promise<RowResult> {
  const formula = "-1+cmd|' /C calc'!A0";
  const viewer = { ...json, Authorization: basic('vera') };
  const planted = await http(t, 'POST', `/api/lines/${encodeURIComponent(formula)}`, viewer, '{"value":1}');
  // A refusal on a real line is audited; its fields are the ones a viewer controls.
  await http(t, 'POST', '/api/lines/pump', viewer, '{"value":1}');
  await sleep(200);
  const csv = (await http(t, 'GET', '/api/audit?format=csv', { Authorization: basic('admin') })).body;
  const cells = csv.split(/\r\n/).flatMap((l) => l.split(','));
  const live = cells.filter((c) => /^"?[=+\-@\t\r]/.test(c) && !/^"?[+-]?\d+(\.\d+)?"?$/.test(c));
  return {
    row: 6,
    attack: `a viewer plants ${formula} (denied operation on that line name), admin exports CSV`,
    before: 'exported raw (formula escaping skipped "-" then a digit)',
    after: `planting answered ${planted.status}; CSV ${csv.split('\r\n').length - 2} rows, ${csv.includes(formula) ? 'contains' : 'does not contain'} the name, ${live.length} cells a spreadsheet would run`,
  };
}

/** Row 9: `GET http://[`, before authentication. */
export async function row9(t: Target): Promise<RowResult> {
  const before = logLines(t).length;
  const answer = await raw(t, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await sleep(200);
  const logged = logLines(t).slice(before);
  const errors = logged.filter((l) => (JSON.parse(l) as { level: number }).level >= 50).length;
  return {
    row: 9,
    attack: 'GET http://[ (malformed absolute target), no credentials',
    before: '500 and an error log with a stack, before auth',
    after: `${answer.split('\r\n')[0]}; ${logged.length} log line(s), ${errors} at error level`,
  };
}

/** Row 12: chat with a right-to-left override and zero-width characters. */
export async function row12(t: Target): Promise<RowResult> {
  const text = 'invoice\u202Egpj.exe \u200Badmin\u2066\uFEFF';
  const posted = await http(
    t,
    'POST',
    '/api/chat',
    { ...json, Authorization: basic('alice') },
    JSON.stringify({ text }),
  );
  const stored = (JSON.parse(posted.body || '{}') as { text?: string }).text ?? '';
  const spoof = (s: string) =>
    [...s].filter((c) => /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/.test(c)).length;
  return {
    row: 12,
    attack: 'chat with bidi overrides and zero-width characters',
    before: 'accepted as sent (spoofing)',
    after: `${posted.status}; ${spoof(text)} spoofing characters sent, ${spoof(stored)} stored (${JSON.stringify(stored)})`,
  };
}
