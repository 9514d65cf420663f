import { PulseboardError } from '../../errors.js';
import {
  attrId,
  GPIO_MAX_NAME_SIZE,
  GPIO_V2_LINE_NUM_ATTRS_MAX,
  GPIO_V2_LINES_MAX,
  offsets as o,
  sizes,
} from './layout.js';

// Encoders and decoders for the uAPI v2 structs, over plain Buffers (little-endian: every
// architecture layout.ts supports is). Pure functions, checked against C in codec.test.ts.

export interface ChipInfo {
  name: string;
  label: string;
  lines: number;
}

export interface LineInfo {
  name: string;
  consumer: string;
  offset: number;
  flags: bigint;
  debounceUs: number | null;
}

export type LineConfigAttr =
  | { kind: 'flags'; flags: bigint; mask: bigint }
  | { kind: 'output-values'; values: bigint; mask: bigint }
  | { kind: 'debounce'; us: number; mask: bigint };

export interface LineRequest {
  offsets: number[];
  consumer: string;
  /** Default flags for every line not covered by a flags attribute. */
  flags: bigint;
  attrs: LineConfigAttr[];
  eventBufferSize: number;
}

export interface LineEvent {
  timestampNs: bigint;
  id: number;
  offset: number;
  seqno: number;
  lineSeqno: number;
}

export function decodeChipInfo(buf: Buffer): ChipInfo {
  const s = o.gpiochip_info;
  return {
    name: cString(buf, s.name),
    label: cString(buf, s.label),
    lines: buf.readUInt32LE(s.lines),
  };
}

/** The GET_LINEINFO argument: zeroed, with the offset the kernel should describe. */
export function encodeLineInfoQuery(offset: number): Buffer {
  const buf = Buffer.alloc(sizes.gpio_v2_line_info);
  buf.writeUInt32LE(offset, o.gpio_v2_line_info.offset);
  return buf;
}

export function decodeLineInfo(buf: Buffer): LineInfo {
  const s = o.gpio_v2_line_info;
  const numAttrs = Math.min(buf.readUInt32LE(s.num_attrs), GPIO_V2_LINE_NUM_ATTRS_MAX);
  let debounceUs: number | null = null;
  for (let i = 0; i < numAttrs; i++) {
    const at = s.attrs + i * sizes.gpio_v2_line_attribute;
    if (buf.readUInt32LE(at + o.gpio_v2_line_attribute.id) === attrId.DEBOUNCE) {
      debounceUs = buf.readUInt32LE(at + o.gpio_v2_line_attribute.debounce_period_us);
    }
  }
  return {
    name: cString(buf, s.name),
    consumer: cString(buf, s.consumer),
    offset: buf.readUInt32LE(s.offset),
    flags: buf.readBigUInt64LE(s.flags),
    debounceUs,
  };
}

export function encodeLineRequest(req: LineRequest): Buffer {
  if (req.offsets.length === 0 || req.offsets.length > GPIO_V2_LINES_MAX) {
    throw new PulseboardError('BOARD_INVALID', `a GPIO request takes 1..${GPIO_V2_LINES_MAX} lines`);
  }
  if (req.attrs.length > GPIO_V2_LINE_NUM_ATTRS_MAX) {
    throw new PulseboardError(
      'BOARD_INVALID',
      `too many distinct line configurations on one chip (${req.attrs.length} > ${GPIO_V2_LINE_NUM_ATTRS_MAX})`,
    );
  }
  const s = o.gpio_v2_line_request;
  const buf = Buffer.alloc(sizes.gpio_v2_line_request);
  req.offsets.forEach((off, i) => buf.writeUInt32LE(off, s.offsets + 4 * i));
  writeCString(buf, s.consumer, req.consumer);
  const cfg = s.config;
  buf.writeBigUInt64LE(req.flags, cfg + o.gpio_v2_line_config.flags);
  buf.writeUInt32LE(req.attrs.length, cfg + o.gpio_v2_line_config.num_attrs);
  req.attrs.forEach((attr, i) => {
    const at = cfg + o.gpio_v2_line_config.attrs + i * sizes.gpio_v2_line_config_attribute;
    const a = at + o.gpio_v2_line_config_attribute.attr;
    const la = o.gpio_v2_line_attribute;
    if (attr.kind === 'flags') {
      buf.writeUInt32LE(attrId.FLAGS, a + la.id);
      buf.writeBigUInt64LE(attr.flags, a + la.flags);
    } else if (attr.kind === 'output-values') {
      buf.writeUInt32LE(attrId.OUTPUT_VALUES, a + la.id);
      buf.writeBigUInt64LE(attr.values, a + la.values);
    } else {
      buf.writeUInt32LE(attrId.DEBOUNCE, a + la.id);
      buf.writeUInt32LE(attr.us, a + la.debounce_period_us);
    }
    buf.writeBigUInt64LE(attr.mask, at + o.gpio_v2_line_config_attribute.mask);
  });
  buf.writeUInt32LE(req.offsets.length, s.num_lines);
  buf.writeUInt32LE(req.eventBufferSize, s.event_buffer_size);
  return buf;
}

/** The file descriptor the kernel wrote into a successful GET_LINE request. */
export function decodeRequestFd(buf: Buffer): number {
  return buf.readInt32LE(o.gpio_v2_line_request.fd);
}

/** `bits` and `mask` are indexed by position in the request, not by chip offset. */
export function encodeLineValues(bits: bigint, mask: bigint): Buffer {
  const buf = Buffer.alloc(sizes.gpio_v2_line_values);
  buf.writeBigUInt64LE(bits, o.gpio_v2_line_values.bits);
  buf.writeBigUInt64LE(mask, o.gpio_v2_line_values.mask);
  return buf;
}

export function decodeLineValues(buf: Buffer): { bits: bigint; mask: bigint } {
  return {
    bits: buf.readBigUInt64LE(o.gpio_v2_line_values.bits),
    mask: buf.readBigUInt64LE(o.gpio_v2_line_values.mask),
  };
}

/** Decodes the whole events in the first `length` bytes (a read returns only whole events). */
export function decodeLineEvents(buf: Buffer, length = buf.length): LineEvent[] {
  const s = o.gpio_v2_line_event;
  const events: LineEvent[] = [];
  for (let at = 0; at + sizes.gpio_v2_line_event <= length; at += sizes.gpio_v2_line_event) {
    events.push({
      timestampNs: buf.readBigUInt64LE(at + s.timestamp_ns),
      id: buf.readUInt32LE(at + s.id),
      offset: buf.readUInt32LE(at + s.offset),
      seqno: buf.readUInt32LE(at + s.seqno),
      lineSeqno: buf.readUInt32LE(at + s.line_seqno),
    });
  }
  return events;
}

function cString(buf: Buffer, at: number): string {
  const field = buf.subarray(at, at + GPIO_MAX_NAME_SIZE);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end === -1 ? field.length : end);
}

function writeCString(buf: Buffer, at: number, value: string): void {
  // Leave room for the terminating NUL the kernel expects.
  const bytes = Buffer.from(value, 'utf8').subarray(0, GPIO_MAX_NAME_SIZE - 1);
  bytes.copy(buf, at);
}
