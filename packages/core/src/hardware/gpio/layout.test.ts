import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attrId,
  eventId,
  GPIO_MAX_NAME_SIZE,
  GPIO_V2_LINE_NUM_ATTRS_MAX,
  GPIO_V2_LINES_MAX,
  ioctls,
  lineFlag,
  offsets,
  sizes,
} from './layout.js';

// Every hand-written number in layout.ts, against a C program compiled with the real header.
const header = '/usr/include/linux/gpio.h';
const probeSource = fileURLToPath(new URL('./uapi-probe.c', import.meta.url));

describe.runIf(existsSync(header))('uAPI v2 layout against <linux/gpio.h>', () => {
  let c: Record<string, unknown>;
  beforeAll(() => {
    const probe = join(mkdtempSync(join(tmpdir(), 'pb-gpio-probe-')), 'probe');
    execFileSync('cc', ['-Wall', '-Werror', '-o', probe, probeSource]);
    c = JSON.parse(execFileSync(probe, ['layout'], { encoding: 'utf8' })) as Record<string, unknown>;
  });

  it('struct sizes', () => expect(sizes).toEqual(c.sizes));
  it('field offsets', () => expect(offsets).toEqual(c.offsets));
  it('ioctl request numbers', () => expect(ioctls).toEqual(c.ioctls));
  it('line flags', () => {
    const asStrings = Object.fromEntries(Object.entries(lineFlag).map(([k, v]) => [k, v.toString()]));
    expect(asStrings).toEqual(c.flags);
  });
  it('attribute and event ids, limits', () => {
    expect(attrId).toEqual(c.attrIds);
    expect(eventId).toEqual(c.eventIds);
    expect({ GPIO_MAX_NAME_SIZE, GPIO_V2_LINES_MAX, GPIO_V2_LINE_NUM_ATTRS_MAX }).toEqual({
      GPIO_MAX_NAME_SIZE: c.GPIO_MAX_NAME_SIZE,
      GPIO_V2_LINES_MAX: c.GPIO_V2_LINES_MAX,
      GPIO_V2_LINE_NUM_ATTRS_MAX: c.GPIO_V2_LINE_NUM_ATTRS_MAX,
    });
  });
});
