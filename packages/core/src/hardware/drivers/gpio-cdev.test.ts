import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, readlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBoard } from '../load-board.js';
import type { InputEdge } from '../driver.js';
import { ioctls, lineFlag, offsets as o, sizes } from '../gpio/layout.js';
import { gpioLibc, type GpioLibc } from '../gpio/libc.js';
import { createController } from '../../control/controller.js';
import { GpioCdevDriver } from './gpio-cdev.js';

// This kernel has no GPIO support (CONFIG_GPIOLIB unset, no gpio-sim), so the driver runs
// against a fake kernel: a libc whose ioctl answers like drivers/gpio/gpiolib-cdev.c, on
// real files and a real FIFO for edge events. Byte layouts are checked against C elsewhere.

interface FakeChip {
  name: string;
  label: string;
  lines: string[];
}

class FakeKernel implements GpioLibc {
  requests: {
    chip: string;
    offsets: number[];
    flags: bigint;
    attrs: { id: number; value: bigint; mask: bigint }[];
  }[] = [];
  values = new Map<number, bigint>(); // request fd -> bits by request index
  fifos = new Map<number, number>(); // request fd -> writer fd
  busy = new Set<string>(); // "chip:offset" held by another consumer
  held = 0n; // request bits an outside force holds (a shorted output): SET_VALUES cannot change them
  private lineFds = new Map<number, { chip: string; offsets: number[] }>();
  constructor(
    private readonly dir: string,
    private readonly chips: FakeChip[],
  ) {
    for (const c of chips) writeFileSync(join(dir, c.name), '');
  }

  ioctl(fd: number, request: number, buf: Buffer): number {
    const lineReq = this.lineFds.get(fd);
    if (lineReq) return this.lineIoctl(fd, request, buf);
    const chip = this.chips.find((c) => c.name === basename(readlinkSync(`/proc/self/fd/${fd}`)))!;
    switch (request) {
      case ioctls.GPIO_GET_CHIPINFO_IOCTL:
        buf.write(chip.name, o.gpiochip_info.name);
        buf.write(chip.label, o.gpiochip_info.label);
        buf.writeUInt32LE(chip.lines.length, o.gpiochip_info.lines);
        return 0;
      case ioctls.GPIO_V2_GET_LINEINFO_IOCTL: {
        const offset = buf.readUInt32LE(o.gpio_v2_line_info.offset);
        buf.write(chip.lines[offset] ?? '', o.gpio_v2_line_info.name);
        if (this.busy.has(`${chip.name}:${offset}`)) {
          buf.write('other-app', o.gpio_v2_line_info.consumer);
          buf.writeBigUInt64LE(lineFlag.USED, o.gpio_v2_line_info.flags);
        }
        return 0;
      }
      case ioctls.GPIO_V2_GET_LINE_IOCTL:
        return this.getLine(chip, buf);
      default:
        throw Object.assign(new Error('Inappropriate ioctl for device'), { errno: 25 });
    }
  }

  pollIn(fd: number, timeoutMs: number): Promise<boolean> {
    return gpioLibc().pollIn(fd, timeoutMs);
  }

  setNonBlocking(): void {}

  /** Queues an edge event as the kernel would, on the request holding `offset`. */
  edge(reqFd: number, offset: number, rising: boolean, lineSeqno: number): void {
    const ev = Buffer.alloc(sizes.gpio_v2_line_event);
    ev.writeBigUInt64LE(1_000_000n * BigInt(lineSeqno), o.gpio_v2_line_event.timestamp_ns);
    ev.writeUInt32LE(rising ? 1 : 2, o.gpio_v2_line_event.id);
    ev.writeUInt32LE(offset, o.gpio_v2_line_event.offset);
    ev.writeUInt32LE(lineSeqno, o.gpio_v2_line_event.seqno);
    ev.writeUInt32LE(lineSeqno, o.gpio_v2_line_event.line_seqno);
    writeSync(reqFd, ev);
  }

  private getLine(chip: FakeChip, buf: Buffer): number {
    const s = o.gpio_v2_line_request;
    const n = buf.readUInt32LE(s.num_lines);
    const offsets = Array.from({ length: n }, (_, i) => buf.readUInt32LE(s.offsets + 4 * i));
    if (offsets.some((off) => this.busy.has(`${chip.name}:${off}`))) {
      throw Object.assign(new Error('Device or resource busy'), { errno: 16 });
    }
    const cfg = s.config;
    const attrs = Array.from({ length: buf.readUInt32LE(cfg + o.gpio_v2_line_config.num_attrs) }, (_, i) => {
      const at = cfg + o.gpio_v2_line_config.attrs + i * sizes.gpio_v2_line_config_attribute;
      return {
        id: buf.readUInt32LE(at),
        value: buf.readBigUInt64LE(at + o.gpio_v2_line_attribute.values),
        mask: buf.readBigUInt64LE(at + o.gpio_v2_line_config_attribute.mask),
      };
    });
    const path = join(this.dir, `line-${chip.name}-${this.requests.length}`);
    execFileSync('mkfifo', [path]);
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    this.requests.push({ chip: chip.name, offsets, flags: buf.readBigUInt64LE(cfg), attrs });
    this.lineFds.set(fd, { chip: chip.name, offsets });
    this.values.set(fd, attrs.find((a) => a.id === 2)?.value ?? 0n);
    buf.writeInt32LE(fd, s.fd);
    return 0;
  }

  private lineIoctl(fd: number, request: number, buf: Buffer): number {
    const bits = buf.readBigUInt64LE(o.gpio_v2_line_values.bits);
    const mask = buf.readBigUInt64LE(o.gpio_v2_line_values.mask);
    const current = this.values.get(fd) ?? 0n;
    if (request === ioctls.GPIO_V2_LINE_SET_VALUES_IOCTL) {
      const settable = mask & ~this.held;
      this.values.set(fd, (current & ~settable) | (bits & settable));
    } else if (request === ioctls.GPIO_V2_LINE_GET_VALUES_IOCTL) {
      buf.writeBigUInt64LE(current & mask, o.gpio_v2_line_values.bits);
    } else throw Object.assign(new Error('Inappropriate ioctl for device'), { errno: 25 });
    return 0;
  }
}

const board = parseBoard(
  JSON.stringify({
    name: 'pi',
    driver: 'gpio-cdev',
    chip: 'pinctrl-bcm2711',
    lines: [
      { name: 'pump', label: 'Pump', direction: 'out', location: { line: 'GPIO17' }, failsafe: true },
      { name: 'fan', label: 'Fan', direction: 'out', location: { line: 3 }, activeLow: true, safeValue: 1 },
      {
        name: 'estop',
        label: 'E-stop',
        direction: 'in',
        location: { line: 'GPIO4' },
        activeLow: true,
        debounceMs: 20,
      },
      { name: 'relay', label: 'Relay', direction: 'out', location: { chip: 'gpiochip1', line: 'EXP0' } },
    ],
  }),
);

describe('GpioCdevDriver on a fake kernel', () => {
  let driver: GpioCdevDriver | undefined;
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  });

  function setup(): FakeKernel {
    const dir = mkdtempSync(join(tmpdir(), 'pb-cdev-'));
    const kernel = new FakeKernel(dir, [
      {
        name: 'gpiochip0',
        label: 'pinctrl-bcm2711',
        lines: [
          'ID_SDA',
          'ID_SCL',
          'GPIO2',
          'GPIO3',
          'GPIO4',
          ...Array.from({ length: 12 }, (_, i) => `GPIO${i + 5}`),
          'GPIO17',
        ],
      },
      { name: 'gpiochip1', label: 'mcp23017', lines: ['EXP0', 'EXP1'] },
    ]);
    driver = new GpioCdevDriver({ devDir: dir, libc: kernel, pollTimeoutMs: 20 });
    return kernel;
  }

  it('resolves lines by name or offset and requests each chip once, outputs at their safe value', async () => {
    const kernel = setup();
    await driver!.open(board);
    expect(kernel.requests.map((r) => [r.chip, r.offsets])).toEqual([
      ['gpiochip0', [17, 3, 4]],
      ['gpiochip1', [0]],
    ]);
    const [main] = kernel.requests;
    expect(main!.flags).toBe(lineFlag.OUTPUT);
    expect(main!.attrs.find((a) => a.id === 3)).toEqual({ id: 3, value: 20_000n, mask: 0b100n });
    expect(await driver!.read('pump')).toBe(0);
    expect(await driver!.read('fan')).toBe(1);
  });

  it('writes and reads back one line without touching the others', async () => {
    setup();
    await driver!.open(board);
    await driver!.write('pump', 1);
    expect(await driver!.read('pump')).toBe(1);
    expect(await driver!.read('fan')).toBe(1);
    await driver!.write('fan', 0);
    expect(await driver!.read('fan')).toBe(0);
    expect(await driver!.read('pump')).toBe(1);
    await expect(driver!.write('estop', 1)).rejects.toMatchObject({ code: 'LINE_NOT_OUTPUT' });
  });

  it('delivers edge events and reports a seqno gap as missed events', async () => {
    const kernel = setup();
    await driver!.open(board);
    const edges: InputEdge[] = [];
    driver!.onEdge((e) => edges.push(e));
    const reqFd = [...kernel.values.keys()][0]!;
    kernel.edge(reqFd, 4, true, 1);
    kernel.edge(reqFd, 4, false, 4); // 2 and 3 were dropped by the kernel
    await new Promise((r) => setTimeout(r, 100));
    expect(edges.map((e) => [e.line, e.value, e.edge, e.missed, e.timestampNs])).toEqual([
      ['estop', 1, 'rising', 0, 1_000_000n],
      ['estop', 0, 'falling', 2, 4_000_000n],
    ]);
  });

  it('names the chips it found when a board names an absent one', async () => {
    setup();
    const bad = parseBoard(JSON.stringify({ ...board, chip: 'nope', lines: [board.lines[0]] }));
    await expect(driver!.open(bad)).rejects.toThrow(
      /no GPIO chip "nope" \(found: gpiochip0 "pinctrl-bcm2711", gpiochip1 "mcp23017"\)/,
    );
  });

  it('names an unknown line name', async () => {
    setup();
    const bad = parseBoard(
      JSON.stringify({ ...board, lines: [{ ...board.lines[0], location: { line: 'GPIO99' } }] }),
    );
    await expect(driver!.open(bad)).rejects.toThrow(/no line named "GPIO99" on pinctrl-bcm2711/);
  });

  it('says who holds a busy line', async () => {
    const kernel = setup();
    kernel.busy.add('gpiochip0:17');
    await expect(driver!.open(board)).rejects.toThrow(/pump is used by "other-app"/);
  });

  it('under the controller, the same lifecycle as the sim: read back, a line that does not follow is a mismatch', async () => {
    const kernel = setup();
    const controller = await createController({ board, driver: driver!, commandTimeoutMs: 500 });
    const actor = { user: 'alice', role: 'operator', sessionId: 'a1', remote: '10.0.0.1' } as const;
    try {
      await expect(controller.operate(actor, 'pump', 1)).resolves.toMatchObject({ value: 1 });
      kernel.held = 1n; // pump is request bit 0: something outside holds it where it is
      await expect(controller.operate(actor, 'pump', 0)).rejects.toMatchObject({ code: 'READBACK_MISMATCH' });
      expect(controller.state().lines.find((l) => l.name === 'pump')).toMatchObject({
        value: 1,
        mismatch: { wanted: 0 },
        fault: { code: 'READBACK_MISMATCH' },
      });
      expect(controller.audit.query({ line: 'pump' }).map((r) => r.result)).toEqual(['failed', 'confirmed']);
    } finally {
      kernel.held = 0n;
      await controller.close();
      driver = undefined; // closed by the controller
    }
  });

  it('validates its options with exact messages', () => {
    expect(() => new GpioCdevDriver({ pollTimeoutMs: 0 })).toThrow(
      new TypeError('GpioCdevDriver: pollTimeoutMs must be > 0'),
    );
    expect(() => new GpioCdevDriver({ eventBufferSize: -1 })).toThrow(
      new TypeError('GpioCdevDriver: eventBufferSize must be an integer >= 0'),
    );
  });
});
