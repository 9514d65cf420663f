// Turns what observer clients saw (presence changes about other users) into "notified" records,
// once per observer, user and state, so repeated snapshots are not counted twice.
export class ObserverLog {
  private readonly seen = new Map<string, string>();

  /**
   * True when this observer's view of `user` changed to `state`. The first state an observer
   * reports for a user is its baseline, not news (a user who never connected is "offline").
   */
  changed(observerId: string, user: string, state: string): boolean {
    const key = `${observerId}\u0000${user}`;
    const prev = this.seen.get(key);
    this.seen.set(key, state);
    return prev !== undefined && prev !== state;
  }

  forget(observerId: string): void {
    for (const k of this.seen.keys()) if (k.startsWith(observerId + '\u0000')) this.seen.delete(k);
  }
}

/** Server presence words -> lab states; anything else is "not a loss". */
export function lossState(state: string): 'suspect' | 'offline' | undefined {
  if (state === 'suspect') return 'suspect';
  if (state === 'offline' || state === 'dead') return 'offline';
  return undefined;
}
