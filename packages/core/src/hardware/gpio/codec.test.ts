import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeChipInfo,
  decodeLineEvents,
  decodeLineInfo,
  decodeLineValues,
  encodeLineInfoQuery,
  encodeLineRequest,
  encodeLineValues,
} from './codec.js';
import { lineFlag, offsets, sizes } from './layout.js';

// Round trips through C: what codec.ts encodes, C reads as the kernel struct; what C fills in
// as the kernel would, codec.ts decodes.
const header = '/usr/include/linux/gpio.h';
const probeSource = fileURLToPath(new URL('./uapi-probe.c', import.meta.url));

describe.runIf(existsSync(header))('uAPI v2 codec against <linux/gpio.h>', () => {
  let probe = '';
  const run = (mode: string, input?: Buffer): Buffer => execFileSync(probe, [mode], { input });
  beforeAll(() => {
    probe = join(mkdtempSync(join(tmpdir(), 'pb-gpio-codec-')), 'probe');
    execFileSync('cc', ['-Wall', '-Werror', '-o', probe, probeSource]);
  });

  it('encodes a line request the way C reads it', () => {
    const buf = encodeLineRequest({
      offsets: [17, 4, 22],
      consumer: 'pulseboard',
      flags: lineFlag.OUTPUT,
      attrs: [
        { kind: 'flags', flags: lineFlag.INPUT | lineFlag.EDGE_RISING | lineFlag.EDGE_FALLING, mask: 0b100n },
        { kind: 'output-values', values: 0b010n, mask: 0b011n },
        { kind: 'debounce', us: 20_000, mask: 0b100n },
      ],
      eventBufferSize: 64,
    });
    expect(buf.length).toBe(sizes.gpio_v2_line_request);
    const c = JSON.parse(run('request', buf).toString()) as Record<string, unknown>;
    expect(c).toEqual({
      offsets: [17, 4, 22],
      consumer: 'pulseboard',
      flags: String(lineFlag.OUTPUT),
      attrs: [
        // flags/values/debounce share a union: C prints all three views of the same bytes.
        {
          id: 1,
          flags: String(lineFlag.INPUT | lineFlag.EDGE_RISING | lineFlag.EDGE_FALLING),
          debounce: 52,
          mask: '4',
        },
        { id: 2, flags: '2', debounce: 2, mask: '3' },
        { id: 3, flags: '20000', debounce: 20_000, mask: '4' },
      ],
      num_lines: 3,
      event_buffer_size: 64,
    });
  });

  it('truncates a long consumer to leave the NUL terminator', () => {
    const buf = encodeLineRequest({
      offsets: [1],
      consumer: 'x'.repeat(40),
      flags: 0n,
      attrs: [],
      eventBufferSize: 0,
    });
    expect(buf[offsets.gpio_v2_line_request.consumer + 31]).toBe(0);
    expect((JSON.parse(run('request', buf).toString()) as { consumer: string }).consumer).toBe(
      'x'.repeat(31),
    );
  });

  it('refuses more attributes than the kernel takes', () => {
    const attrs = Array.from({ length: 11 }, (_, i) => ({ kind: 'debounce' as const, us: i, mask: 1n }));
    expect(() =>
      encodeLineRequest({ offsets: [1], consumer: 'p', flags: 0n, attrs, eventBufferSize: 0 }),
    ).toThrow(/too many distinct line configurations/);
  });

  it('encodes line values', () => {
    const c = JSON.parse(run('values', encodeLineValues(0x8000_0000_0000_0001n, 0xffn)).toString()) as object;
    expect(c).toEqual({ bits: String(0x8000_0000_0000_0001n), mask: '255' });
    expect(decodeLineValues(encodeLineValues(5n, 7n))).toEqual({ bits: 5n, mask: 7n });
  });

  it('decodes chip info', () => {
    expect(decodeChipInfo(run('chipinfo'))).toEqual({
      name: 'gpiochip3',
      label: 'gpio-sim.0-node0',
      lines: 16,
    });
  });

  it('decodes line info with its debounce attribute', () => {
    expect(decodeLineInfo(run('info'))).toEqual({
      name: 'GPIO17',
      consumer: 'pulseboard',
      offset: 17,
      flags: lineFlag.USED | lineFlag.INPUT | lineFlag.ACTIVE_LOW | lineFlag.EDGE_FALLING,
      debounceUs: 5000,
    });
    const q = encodeLineInfoQuery(9);
    expect(q.length).toBe(sizes.gpio_v2_line_info);
    expect(decodeLineInfo(q).offset).toBe(9);
  });

  it('decodes edge events, whole events only', () => {
    const raw = run('events');
    expect(raw.length).toBe(2 * sizes.gpio_v2_line_event);
    expect(decodeLineEvents(raw)).toEqual([
      { timestampNs: 123456789012345n, id: 1, offset: 4, seqno: 7, lineSeqno: 3 },
      { timestampNs: 123456789999999n, id: 2, offset: 5, seqno: 9, lineSeqno: 1 },
    ]);
    expect(decodeLineEvents(raw, raw.length - 1)).toHaveLength(1);
  });
});
