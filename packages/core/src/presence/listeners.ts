/**
 * A tiny synchronous listener registry. Unlike EventEmitter, one throwing listener neither
 * stops the others nor unwinds the caller half-way: presence must finish its bookkeeping and
 * still deliver `sessionDead` (which releases locks) even if, say, a broadcast listener threw.
 * Errors go to `onError`; the default rethrows them on a later tick so bugs stay loud.
 */
export type ListenerErrorHandler = (err: unknown, event: unknown) => void;

export const rethrowLater: ListenerErrorHandler = (err) => {
  setImmediate(() => {
    throw err;
  });
};

export function createListeners<E>(onError: ListenerErrorHandler = rethrowLater) {
  const byType = new Map<string, Set<(event: E) => void>>();
  return {
    on(type: string, listener: (event: E) => void): void {
      let set = byType.get(type);
      if (!set) byType.set(type, (set = new Set()));
      set.add(listener);
    },
    off(type: string, listener: (event: E) => void): void {
      byType.get(type)?.delete(listener);
    },
    emit(type: string, event: E): void {
      for (const listener of [...(byType.get(type) ?? [])]) {
        try {
          listener(event);
        } catch (err) {
          onError(err, event);
        }
      }
    },
  };
}
