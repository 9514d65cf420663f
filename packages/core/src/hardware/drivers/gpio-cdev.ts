import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { PulseboardError } from '../../errors.js';
import type { Board, LineSpec, LineValue } from '../board.js';
import type { BoardDriver, EdgeListener, FaultListener } from '../driver.js';
import {
  decodeChipInfo,
  decodeLineEvents,
  decodeLineInfo,
  decodeLineValues,
  encodeLineInfoQuery,
  encodeLineRequest,
  encodeLineValues,
  decodeRequestFd,
  type ChipInfo,
} from '../gpio/codec.js';
import { eventId, ioctls, lineFlag, sizes, supportedArch } from '../gpio/layout.js';
import { gpioHolders } from '../gpio/holders.js';
import { gpioLibc, type GpioLibc } from '../gpio/libc.js';
import { planRequest, type ResolvedLine } from '../gpio/plan.js';
import { SeqnoTracker } from '../gpio/seqno.js';

// The Linux GPIO character device, uAPI v2. Every line of the board is resolved by name (or
// offset) on its chip and requested once, one request per chip, for the life of the process:
// a line released between commands could be grabbed by another program or glitch.

export interface GpioCdevOptions {
  /** Shown as the line's consumer in `gpioinfo`. */
  consumer?: string;
  /** Where gpiochipN devices live. */
  devDir?: string;
  /** Kernel edge-event queue per request; overflow shows up as a seqno gap. */
  eventBufferSize?: number;
  /** How often the event reader re-checks for close(); edges themselves wake it at once. */
  pollTimeoutMs?: number;
  /** For tests: a stand-in for libc. */
  libc?: GpioLibc;
}

const defaults = { consumer: 'pulseboard', devDir: '/dev', eventBufferSize: 64, pollTimeoutMs: 250 };

interface Chip {
  path: string;
  info: ChipInfo;
  lineNames: Map<string, number> | undefined;
}

interface Request {
  chip: string;
  label: string;
  fd: number;
  lines: ResolvedLine[];
  reader: Promise<void> | undefined;
}

interface Placement {
  request: Request;
  index: number;
  spec: LineSpec;
}

export class GpioCdevDriver implements BoardDriver {
  readonly kind = 'gpio-cdev';
  private readonly options: Required<Omit<GpioCdevOptions, 'libc'>>;
  private readonly libcOverride: GpioLibc | undefined;
  private libc!: GpioLibc;
  private requests: Request[] = [];
  private placements = new Map<string, Placement>();
  private listeners = new Set<EdgeListener>();
  private faultListeners = new Set<FaultListener>();
  private seqno = new SeqnoTracker();
  private running = false;

  constructor(options: GpioCdevOptions = {}) {
    const { libc, ...rest } = options;
    this.options = { ...defaults, ...rest };
    this.libcOverride = libc;
    if (!Number.isInteger(this.options.eventBufferSize) || this.options.eventBufferSize < 0) {
      throw new TypeError('GpioCdevDriver: eventBufferSize must be an integer >= 0');
    }
    if (!(this.options.pollTimeoutMs > 0)) throw new TypeError('GpioCdevDriver: pollTimeoutMs must be > 0');
  }

  async open(board: Board): Promise<void> {
    if (!this.libcOverride && !(supportedArch as readonly string[]).includes(process.arch)) {
      throw new PulseboardError('DRIVER_ERROR', `gpio-cdev: unsupported architecture ${process.arch}`);
    }
    this.libc = this.libcOverride ?? gpioLibc();
    const chips = this.listChips();
    const perChip = new Map<string, { chip: Chip; lines: ResolvedLine[] }>();
    for (const spec of board.lines) {
      const chipRef = spec.location?.chip ?? board.chip;
      if (!spec.location || !chipRef) {
        throw new PulseboardError('BOARD_INVALID', `gpio-cdev: line ${spec.name} has no chip/line location`);
      }
      const chip = findChip(chips, chipRef);
      const offset = this.resolveOffset(chip, spec.location.line, spec.name);
      const entry = perChip.get(chip.path) ?? { chip, lines: [] };
      entry.lines.push({ spec, offset });
      perChip.set(chip.path, entry);
    }
    try {
      for (const { chip, lines } of perChip.values()) this.request(chip, lines);
    } catch (err) {
      await this.close();
      throw err;
    }
    this.running = true;
    // Every request gets a reader, inputs or not: it is also what notices the chip going away.
    for (const r of this.requests) r.reader = this.readEvents(r);
  }

  async read(name: string): Promise<LineValue> {
    const { request, index } = this.place(name);
    const buf = encodeLineValues(0n, 1n << BigInt(index));
    this.ioctl(request.fd, ioctls.GPIO_V2_LINE_GET_VALUES_IOCTL, buf, `read ${name}`);
    return (decodeLineValues(buf).bits >> BigInt(index)) & 1n ? 1 : 0;
  }

  // SET_VALUES returns once the chip driver has set the line (for an I2C expander, after the
  // bus transfer): that return is the hardware's acknowledgement.
  async write(name: string, value: LineValue): Promise<void> {
    const { request, index, spec } = this.place(name);
    if (spec.direction !== 'out') throw new PulseboardError('LINE_NOT_OUTPUT', undefined, { line: name });
    const bit = 1n << BigInt(index);
    this.ioctl(
      request.fd,
      ioctls.GPIO_V2_LINE_SET_VALUES_IOCTL,
      encodeLineValues(value ? bit : 0n, bit),
      `write ${name}`,
    );
  }

  onEdge(listener: EdgeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onFault(listener: FaultListener): () => void {
    this.faultListeners.add(listener);
    return () => this.faultListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.requests.map((r) => r.reader));
    for (const r of this.requests) closeSync(r.fd);
    this.requests = [];
    this.placements.clear();
    this.listeners.clear();
    this.faultListeners.clear();
  }

  private listChips(): Chip[] {
    const { devDir } = this.options;
    let names: string[];
    try {
      names = readdirSync(devDir).filter((n) => /^gpiochip\d+$/.test(n));
    } catch (err) {
      throw new PulseboardError(
        'DRIVER_ERROR',
        `gpio-cdev: cannot list ${devDir}: ${(err as Error).message}`,
      );
    }
    return names.map((n) => {
      const path = join(devDir, n);
      return this.withChip(path, (fd) => {
        const buf = Buffer.alloc(sizes.gpiochip_info);
        this.ioctl(fd, ioctls.GPIO_GET_CHIPINFO_IOCTL, buf, `chip info ${path}`);
        return { path, info: decodeChipInfo(buf), lineNames: undefined };
      });
    });
  }

  private resolveOffset(chip: Chip, line: string | number, name: string): number {
    if (typeof line === 'number') {
      if (line >= chip.info.lines) {
        throw new PulseboardError(
          'BOARD_INVALID',
          `gpio-cdev: ${name}: offset ${line} beyond ${chip.info.lines} lines on ${chip.info.label}`,
        );
      }
      return line;
    }
    chip.lineNames ??= this.withChip(chip.path, (fd) => {
      const names = new Map<string, number>();
      for (let offset = 0; offset < chip.info.lines; offset++) {
        const buf = encodeLineInfoQuery(offset);
        this.ioctl(fd, ioctls.GPIO_V2_GET_LINEINFO_IOCTL, buf, `line info ${chip.path}:${offset}`);
        const info = decodeLineInfo(buf);
        if (info.name && !names.has(info.name)) names.set(info.name, offset);
      }
      return names;
    });
    const offset = chip.lineNames.get(line);
    if (offset === undefined) {
      throw new PulseboardError(
        'BOARD_INVALID',
        `gpio-cdev: ${name}: no line named "${line}" on ${chip.info.label} (${chip.info.name})`,
      );
    }
    return offset;
  }

  private request(chip: Chip, lines: ResolvedLine[]): void {
    const { path } = chip;
    const { consumer, eventBufferSize } = this.options;
    const buf = encodeLineRequest(planRequest(lines, consumer, eventBufferSize));
    this.withChip(path, (chipFd) => {
      try {
        this.ioctl(chipFd, ioctls.GPIO_V2_GET_LINE_IOCTL, buf, `request lines on ${path}`);
      } catch (err) {
        // EBUSY: another consumer holds a line; name it, since that is what the operator must fix.
        if ((err as PulseboardError).details?.errno === 16)
          throw new PulseboardError(
            'DRIVER_ERROR',
            `${(err as Error).message}; ${this.busyReport(chipFd, lines)}`,
            {
              errno: 16,
            },
          );
        throw err;
      }
    });
    const fd = decodeRequestFd(buf);
    const request: Request = { chip: path, label: chip.info.label, fd, lines, reader: undefined };
    this.requests.push(request);
    this.libc.setNonBlocking(fd);
    lines.forEach((l, index) => this.placements.set(l.spec.name, { request, index, spec: l.spec }));
  }

  private busyReport(chipFd: number, lines: ResolvedLine[]): string {
    const busy = lines.flatMap((l) => {
      const buf = encodeLineInfoQuery(l.offset);
      this.ioctl(chipFd, ioctls.GPIO_V2_GET_LINEINFO_IOCTL, buf, 'line info');
      const info = decodeLineInfo(buf);
      return info.flags & lineFlag.USED ? [`${l.spec.name} is used by "${info.consumer || 'kernel'}"`] : [];
    });
    const holders = gpioHolders()
      .map((h) => `${h.command} (pid ${h.pid})`)
      .join(', ');
    return `${busy.join(', ') || 'line busy'}${holders ? `; processes holding GPIO lines: ${holders}` : ''}`;
  }

  // Ends on close(), or when the request dies (chip removed): then its lines are reported
  // failed once, and every later command on them fails with the kernel's error.
  private async readEvents(request: Request): Promise<void> {
    const buf = Buffer.alloc(sizes.gpio_v2_line_event * 16);
    while (this.running) {
      let readable: boolean;
      try {
        readable = await this.libc.pollIn(request.fd, this.options.pollTimeoutMs);
      } catch (err) {
        return this.requestFailed(request, err);
      }
      while (readable && this.running) {
        let n: number;
        try {
          n = readSync(request.fd, buf, 0, buf.length, null);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
          return this.requestFailed(request, err);
        }
        if (n <= 0) return this.requestFailed(request, new Error('end of file'));
        for (const ev of decodeLineEvents(buf, n))
          this.emitEdge(request, ev.offset, ev.id, ev.timestampNs, ev.lineSeqno);
      }
    }
  }

  private requestFailed(request: Request, err: unknown): void {
    if (!this.running) return; // close() is tearing down: not a fault
    const error = new PulseboardError(
      'DRIVER_ERROR',
      `gpio-cdev: chip ${request.label} (${request.chip}) stopped answering: ${(err as Error).message}`,
      { chip: request.chip },
    );
    const fault = { lines: request.lines.map((l) => l.spec.name), error };
    for (const listener of this.faultListeners) listener(fault);
  }

  private emitEdge(
    request: Request,
    offset: number,
    id: number,
    timestampNs: bigint,
    lineSeqno: number,
  ): void {
    const line = request.lines.find((l) => l.offset === offset);
    if (!line) return;
    const value: LineValue = id === eventId.RISING_EDGE ? 1 : 0;
    const missed = this.seqno.missed(offset, lineSeqno);
    const edge = {
      line: line.spec.name,
      value,
      edge: value ? 'rising' : 'falling',
      at: Date.now(),
      timestampNs,
      missed,
    } as const;
    for (const listener of this.listeners) listener(edge);
  }

  private place(name: string): Placement {
    const p = this.placements.get(name);
    if (!p) throw new PulseboardError('LINE_UNKNOWN', undefined, { line: name });
    return p;
  }

  private withChip<T>(path: string, fn: (fd: number) => T): T {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDWR); // libuv adds O_CLOEXEC itself
    } catch (err) {
      throw new PulseboardError('DRIVER_ERROR', `gpio-cdev: cannot open ${path}: ${(err as Error).message}`);
    }
    try {
      return fn(fd);
    } finally {
      closeSync(fd);
    }
  }

  private ioctl(fd: number, request: number, buf: Buffer, what: string): void {
    try {
      this.libc.ioctl(fd, request, buf);
    } catch (err) {
      const errno = (err as NodeJS.ErrnoException).errno;
      throw new PulseboardError('DRIVER_ERROR', `gpio-cdev: ${what}: ${(err as Error).message}`, { errno });
    }
  }
}

function findChip(chips: Chip[], ref: string): Chip {
  const chip = chips.find((c) => c.path === ref || c.info.name === ref || c.info.label === ref);
  if (!chip) {
    const found = chips.map((c) => `${c.info.name} "${c.info.label}"`).join(', ') || 'none';
    throw new PulseboardError('BOARD_INVALID', `gpio-cdev: no GPIO chip "${ref}" (found: ${found})`);
  }
  return chip;
}
