import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as FfiRsModule from 'ffi-rs';

// Attach to a TUN device by name: open /dev/net/tun, then ioctl(TUNSETIFF). Node has no
// ioctl, so the one call goes through ffi-rs (already a dependency of @pulseboard/core).
type FfiRs = typeof FfiRsModule;

const TUNSETIFF = 0x400454ca;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;

export function openTun(name: string): number {
  if (Buffer.byteLength(name) > 15) throw new TypeError(`TUN name too long: "${name}"`);
  const ffi = createRequire(import.meta.url)('ffi-rs') as FfiRs;
  ffi.open({ library: 'libc', path: 'libc.so.6' });
  const fd = openSync('/dev/net/tun', 'r+');
  // struct ifreq: 16 bytes of name, then a short of flags, padded to 40 bytes.
  const ifr = Buffer.alloc(40);
  ifr.write(name, 0, 'utf8');
  ifr.writeUInt16LE(IFF_TUN | IFF_NO_PI, 16);
  const r = ffi.load({
    library: 'libc',
    funcName: 'ioctl',
    retType: ffi.DataType.I32,
    paramsType: [ffi.DataType.I32, ffi.DataType.I64, ffi.DataType.U8Array],
    paramsValue: [fd, TUNSETIFF, ifr],
    errno: true,
  }) as unknown as { value: number; errnoMessage: string };
  if (r.value !== 0) throw new Error(`ioctl(TUNSETIFF, ${name}) failed: ${r.errnoMessage}`);
  return fd;
}
