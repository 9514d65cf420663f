import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

// Which processes hold GPIO line requests. The kernel tells a line's consumer label but not
// who holds it; a request is an anonymous-inode fd, so /proc/PID/fd shows every process that
// has one. Best effort: processes of other users are invisible without privileges.

export interface GpioHolder {
  pid: number;
  command: string;
}

const lineInodes = new Set(['anon_inode:gpio-line', 'anon_inode:gpio-linehandle', 'anon_inode:gpio-event']);

export function gpioHolders(proc = '/proc', self = process.pid): GpioHolder[] {
  const holders: GpioHolder[] = [];
  for (const entry of safeList(proc)) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === self) continue;
    const holds = safeList(`${proc}/${pid}/fd`).some((fd) => {
      try {
        return lineInodes.has(readlinkSync(`${proc}/${pid}/fd/${fd}`));
      } catch {
        return false; // closed meanwhile
      }
    });
    if (!holds) continue;
    let command = '?';
    try {
      command = readFileSync(`${proc}/${pid}/comm`, 'utf8').trim();
    } catch {
      // exited meanwhile
    }
    holders.push({ pid, command });
  }
  return holders;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
