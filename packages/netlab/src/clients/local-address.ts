import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

// The address a client reaches the board from: the source address the kernel picks for the
// board's address, found by connecting a UDP socket (a route lookup, no packet is sent). The
// client's TCP connections to the board leave from the same address, which is the remote the
// board's detection records carry.

/** The local address toward `url`'s host, or undefined when it cannot be found in time. */
export function localAddressTo(url: string, timeoutMs = 2000): Promise<string | undefined> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80));
  const sock = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    const done = (address?: string): void => {
      clearTimeout(timer);
      sock.close();
      resolve(address);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    // A failed lookup comes to the callback as its argument, not as an 'error' event.
    sock.connect(port, host, (err?: Error) => {
      if (err) return done(undefined);
      try {
        const address = sock.address().address.replace(/^::ffff:/, '');
        done(address === '0.0.0.0' || address === '::' ? undefined : address);
      } catch {
        done(undefined);
      }
    });
  });
}
