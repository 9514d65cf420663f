import { closeSync, constants, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Board, LineSpec } from '../board.js';
import { decodeChipInfo, decodeLineInfo, encodeLineInfoQuery, type LineInfo } from './codec.js';
import { ioctls, lineFlag, sizes } from './layout.js';
import { gpioLibc, type GpioLibc } from './libc.js';

// What `gpioinfo` shows, for `pulseboard board check`: every GPIO chip and line present, and
// a board file's lines matched against them the way the gpio-cdev driver will match them.

export interface ChipReport {
  path: string;
  name: string;
  label: string;
  lines: LineInfo[];
}

export interface LineCheck {
  line: string;
  /** ok: present and free; busy: held by another consumer; missing: chip or line not found. */
  status: 'ok' | 'busy' | 'missing';
  detail: string;
  chip?: string;
  offset?: number;
}

/** Every gpiochipN under devDir with all its line infos. Throws when one cannot be read. */
export function readChips(devDir = '/dev', libc: GpioLibc = gpioLibc()): ChipReport[] {
  const names = readdirSync(devDir)
    .filter((n) => /^gpiochip\d+$/.test(n))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  return names.map((n) => {
    const path = join(devDir, n);
    const fd = openSync(path, constants.O_RDWR);
    try {
      const buf = Buffer.alloc(sizes.gpiochip_info);
      libc.ioctl(fd, ioctls.GPIO_GET_CHIPINFO_IOCTL, buf);
      const info = decodeChipInfo(buf);
      const lines = Array.from({ length: info.lines }, (_, offset) => {
        const q = encodeLineInfoQuery(offset);
        libc.ioctl(fd, ioctls.GPIO_V2_GET_LINEINFO_IOCTL, q);
        return decodeLineInfo(q);
      });
      return { path, name: info.name, label: info.label, lines };
    } finally {
      closeSync(fd);
    }
  });
}

/** The same rule as the driver: a chip reference is its /dev path, its name or its label. */
export function findChipReport(chips: ChipReport[], ref: string): ChipReport | undefined {
  return chips.find((c) => c.path === ref || c.name === ref || c.label === ref);
}

/** Checks each board line against the chips present; `consumer` is ours (not "busy"). */
export function checkBoard(board: Board, chips: ChipReport[], consumer = 'pulseboard'): LineCheck[] {
  return board.lines.map((spec) => checkLine(spec, board.chip, chips, consumer));
}

function checkLine(
  spec: LineSpec,
  boardChip: string | undefined,
  chips: ChipReport[],
  consumer: string,
): LineCheck {
  const ref = spec.location?.chip ?? boardChip;
  const want = spec.location?.line;
  if (!ref || want === undefined)
    return { line: spec.name, status: 'missing', detail: 'no chip/line location' };
  const chip = findChipReport(chips, ref);
  if (!chip) {
    const found = chips.map((c) => `${c.name} "${c.label}"`).join(', ') || 'none';
    return { line: spec.name, status: 'missing', detail: `no GPIO chip "${ref}" (found: ${found})` };
  }
  const info = typeof want === 'number' ? chip.lines[want] : chip.lines.find((l) => l.name === want);
  if (!info) {
    const what =
      typeof want === 'number'
        ? `offset ${want} beyond ${chip.lines.length} lines`
        : `no line named "${want}"`;
    return {
      line: spec.name,
      status: 'missing',
      detail: `${what} on ${chip.label} (${chip.name})`,
      chip: chip.name,
    };
  }
  const where = `${chip.name}:${info.offset}${info.name ? ` "${info.name}"` : ''}`;
  if (info.flags & lineFlag.USED && info.consumer !== consumer) {
    return {
      line: spec.name,
      status: 'busy',
      detail: `${where} is used by "${info.consumer || 'kernel'}"`,
      chip: chip.name,
      offset: info.offset,
    };
  }
  return { line: spec.name, status: 'ok', detail: where, chip: chip.name, offset: info.offset };
}

/** One line of `gpioinfo`-like output for a line. */
export function describeLine(info: LineInfo): string {
  const dir = info.flags & lineFlag.OUTPUT ? 'output' : 'input';
  const flags = [
    info.flags & lineFlag.ACTIVE_LOW ? 'active-low' : '',
    info.flags & lineFlag.BIAS_PULL_UP ? 'pull-up' : '',
    info.flags & lineFlag.BIAS_PULL_DOWN ? 'pull-down' : '',
    info.debounceUs ? `debounce=${info.debounceUs}us` : '',
  ].filter(Boolean);
  const used = info.flags & lineFlag.USED ? `"${info.consumer || 'kernel'}"` : 'unused';
  return `line ${String(info.offset).padStart(3)}: ${(info.name ? `"${info.name}"` : 'unnamed').padEnd(18)} ${used.padEnd(14)} ${dir}${flags.length ? ` ${flags.join(' ')}` : ''}`;
}
