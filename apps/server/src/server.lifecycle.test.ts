import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '@pulseboard/core/store/audit';
import { startTestServer } from './testing/harness.js';

describe('shutdown', () => {
  it('drives every output to its safe value before closing', async () => {
    const t = await startTestServer();
    const auth = { Authorization: t.basic('alice'), 'Content-Type': 'application/json' };
    await fetch(`${t.url}/api/lines/lights`, { method: 'POST', headers: auth, body: '{"value":1}' });
    const fan = await fetch(`${t.url}/api/lines/vent-fan`, {
      method: 'POST',
      headers: auth,
      body: '{"value":0}',
    });
    expect(fan.status).toBe(200);
    await t.server.shutdown('SIGTERM');
    const lines = t.server.services.controller.state().lines;
    expect(lines.find((l) => l.name === 'lights')?.value).toBe(0);
    expect(lines.find((l) => l.name === 'vent-fan')?.value).toBe(1); // its safe value is 1
    const audit = openAuditStore(join(t.dataDir, 'audit.db'));
    expect(audit.query({}).some((r) => r.action === 'all-safe')).toBe(true);
    await audit.close();
    await t.close();
  });
});

describe('HTTPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves with the given certificate and sends HSTS', async () => {
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        stdio: 'ignore',
      },
    );
    const t = await startTestServer({ tls: { cert, key } });
    expect(t.url).toMatch(/^https:/);
    const res = await new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) => {
      const u = new URL(`${t.url}/api/state`);
      request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          rejectUnauthorized: false,
          headers: { Authorization: t.basic('alice') },
        },
        (r) => {
          r.resume();
          resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'] });
        },
      )
        .on('error', reject)
        .end();
    });
    expect(res).toEqual({ status: 200, hsts: 'max-age=31536000' });
    // Basic over TLS is not worth a warning.
    expect(t.logLines().some((l) => String(l.msg).includes('Basic authentication used without TLS'))).toBe(
      false,
    );
    await t.close();
  });
});
