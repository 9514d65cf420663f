import type { Logger } from '@pulseboard/core';
import { openUnixDgram, type UnixDgram } from './unix-dgram.js';

// The systemd notification protocol (sd_notify(3)) for Type=notify units: READY=1 once the
// server listens, WATCHDOG=1 from a timer on the event loop (a wedged loop misses its beats
// and systemd restarts the service), STOPPING=1 at shutdown. Does nothing outside systemd.

export interface ServiceNotifier {
  /** The watchdog period systemd asked for, or null. Beats go out at half of it. */
  readonly watchdogMs: number | null;
  ready(status?: string): void;
  status(text: string): void;
  stopping(): void;
  close(): void;
}

const noop: ServiceNotifier = {
  watchdogMs: null,
  ready() {},
  status() {},
  stopping() {},
  close() {},
};

/** A notifier for $NOTIFY_SOCKET, or a no-op one when systemd did not set it. */
export function serviceNotifier(log: Logger, env: NodeJS.ProcessEnv = process.env): ServiceNotifier {
  const socketPath = env.NOTIFY_SOCKET;
  if (!socketPath) return noop;
  let dgram: UnixDgram;
  try {
    dgram = openUnixDgram();
  } catch (err) {
    log.error(
      { err: String(err) },
      'systemd notification socket unavailable: READY and watchdog beats will not be sent',
    );
    return noop;
  }
  let failed = false;
  const send = (message: string): void => {
    try {
      dgram.send(socketPath, message);
      failed = false;
    } catch (err) {
      if (!failed) log.warn({ err: String(err), message }, 'systemd notification failed');
      failed = true; // log once per run of failures, not once per beat
    }
  };
  const usec = Number(env.WATCHDOG_USEC);
  const forUs = !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === process.pid;
  const watchdogMs = forUs && usec > 0 ? Math.max(1, Math.floor(usec / 1000)) : null;
  let timer: NodeJS.Timeout | undefined;
  return {
    watchdogMs,
    ready(status) {
      send(`READY=1\nMAINPID=${process.pid}${status ? `\nSTATUS=${status}` : ''}`);
      if (watchdogMs && !timer) {
        timer = setInterval(() => send('WATCHDOG=1'), Math.max(1, Math.floor(watchdogMs / 2)));
        timer.unref();
      }
    },
    status(text) {
      send(`STATUS=${text}`);
    },
    stopping() {
      send('STOPPING=1');
    },
    close() {
      clearInterval(timer);
      dgram.close();
    },
  };
}
