export class StoppedError extends Error {
  constructor() {
    super('scenario stopped');
    this.name = 'StoppedError';
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new StoppedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new StoppedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Thrown from a poll check to end the wait at once instead of meaning "not yet". */
export class PollAbort extends Error {}

/** Poll `check` until it returns a value or the deadline passes; errors count as "not yet". */
export async function pollUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  deadline: number,
  signal?: AbortSignal,
  everyMs = 50,
): Promise<T | undefined> {
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      if (e instanceof PollAbort) throw e;
    }
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(everyMs, Math.max(1, deadline - Date.now())), signal);
  }
}
