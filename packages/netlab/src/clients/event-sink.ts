import { presenceChanges } from './presence-parse.js';
import type { Sink } from './driver.js';

/** Hand every presence change found in one server event (already JSON-decoded) to the sink. */
export function observeEvent(raw: string, sink: Sink, sseType?: string): void {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return;
  }
  if (sseType && event && typeof event === 'object' && !('type' in event)) {
    (event as Record<string, unknown>).type = sseType;
  }
  for (const c of presenceChanges(event)) sink.presence(c.user, c.state);
}
