import { openLibc, requireFfiRs } from '@pulseboard/core/ffi/ffi-rs';

// Unix-domain datagrams through libc (ffi-rs): Node's dgram module speaks only UDP, and the
// systemd notification protocol is one datagram per message to $NOTIFY_SOCKET.

const LIBRARY = 'pulseboard-libc-unix';
const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SOCK_NONBLOCK = 0o4000;
const MSG_NOSIGNAL = 0x4000;
const MSG_DONTWAIT = 0x40;
const SUN_PATH_MAX = 108;

export interface UnixDgram {
  /** Sends one datagram to `path` ('@name' = abstract namespace). Throws with errno. */
  send(path: string, message: string): void;
  /** Binds the socket to `path` (for a receiver, e.g. in tests). */
  bind(path: string): void;
  /** One datagram if one is queued, else null (never blocks). */
  receive(): string | null;
  close(): void;
}

interface Errno {
  value: number;
  errnoCode: number;
  errnoMessage: string;
}

/** struct sockaddr_un for `path`, and the length to pass with it. */
export function sockaddrUn(path: string): { addr: Buffer; length: number } {
  const abstract = path.startsWith('@');
  const name = Buffer.from(abstract ? `\0${path.slice(1)}` : path);
  if (name.length >= SUN_PATH_MAX) throw new Error(`socket path too long: ${path}`);
  const addr = Buffer.alloc(2 + SUN_PATH_MAX);
  addr.writeUInt16LE(AF_UNIX, 0); // sa_family_t is host order: little-endian on every supported arch
  name.copy(addr, 2);
  // A path name is NUL-terminated; an abstract name is exactly its bytes.
  return { addr, length: 2 + name.length + (abstract ? 0 : 1) };
}

export function openUnixDgram(): UnixDgram {
  const ffi = requireFfiRs();
  const opened = openLibc(ffi, LIBRARY);
  if (!opened.ok) throw new Error(opened.reason);
  const { DataType } = ffi;
  const call = (funcName: string, paramsType: number[], paramsValue: unknown[]): Errno =>
    ffi.load({
      library: LIBRARY,
      funcName,
      retType: DataType.I64,
      paramsType,
      paramsValue,
      errno: true,
    }) as Errno;
  const check = (r: Errno, what: string): number => {
    if (r.value >= 0) return r.value;
    const err = new Error(`${what}: ${r.errnoMessage}`) as NodeJS.ErrnoException;
    err.errno = r.errnoCode;
    throw err;
  };
  const fd = check(
    call(
      'socket',
      [DataType.I32, DataType.I32, DataType.I32],
      [AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0],
    ),
    'socket(AF_UNIX, SOCK_DGRAM)',
  );
  let closed = false;
  return {
    send(path, message) {
      const { addr, length } = sockaddrUn(path);
      const data = Buffer.from(message);
      check(
        call(
          'sendto',
          [DataType.I32, DataType.U8Array, DataType.U64, DataType.I32, DataType.U8Array, DataType.I32],
          [fd, data, data.length, MSG_NOSIGNAL, addr, length],
        ),
        `sendto(${path})`,
      );
    },
    bind(path) {
      const { addr, length } = sockaddrUn(path);
      check(
        call('bind', [DataType.I32, DataType.U8Array, DataType.I32], [fd, addr, length]),
        `bind(${path})`,
      );
    },
    receive() {
      const buf = Buffer.alloc(4096);
      const r = call(
        'recv',
        [DataType.I32, DataType.U8Array, DataType.U64, DataType.I32],
        [fd, buf, buf.length, MSG_DONTWAIT],
      );
      if (r.value < 0 && r.errnoCode === 11) return null; // EAGAIN: nothing queued
      return buf.toString('utf8', 0, check(r, 'recv'));
    },
    close() {
      if (closed) return;
      closed = true;
      call('close', [DataType.I32], [fd]);
    },
  };
}
