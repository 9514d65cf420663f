import type { LineSpec, LineValue } from '../hardware/board.js';

// Dead-man bookkeeping: which session switched each failsafe line away from its safe value.
// The last session to set a non-safe value owns it; a confirmed safe value disarms it.

export interface ArmedLine {
  line: string;
  sessionId: string;
  user: string;
  safeValue: LineValue;
}

/** Sessions remembered as handed over, so a command of theirs that lands later follows its lines. */
const handoverMemory = 1000;

export class FailsafeTracker {
  private armed = new Map<string, ArmedLine>();
  /** Session -> the session that took over what it held (a client's connection ended in order). */
  private readonly heirs = new Map<string, string>();

  /** Call on every confirmed output value that a session (not the system) caused. */
  confirmed(line: LineSpec, value: LineValue, by: { sessionId: string; user: string } | null): void {
    if (!line.failsafe) return;
    if (value === line.safeValue || by === null) {
      this.armed.delete(line.name);
    } else {
      const sessionId = this.owner(by.sessionId);
      this.armed.set(line.name, { line: line.name, user: by.user, sessionId, safeValue: line.safeValue });
    }
  }

  /** The session that answers for `sessionId` now (itself unless it handed over). */
  owner(sessionId: string): string {
    let id = sessionId;
    for (let hops = 0; hops < 16 && this.heirs.has(id); hops++) id = this.heirs.get(id)!;
    return id;
  }

  /** `from` ended in order: `to` now answers for every line it armed (and for its late commands). */
  handOver(from: string, to: string): void {
    if (from === to) return;
    for (const a of this.armed.values()) if (a.sessionId === from) a.sessionId = to;
    this.heirs.delete(from);
    this.heirs.set(from, to);
    if (this.heirs.size > handoverMemory) this.heirs.delete(this.heirs.keys().next().value!);
  }

  /** `sessionId` is live again (resumed): it answers for itself. */
  forgetHandOver(sessionId: string): void {
    this.heirs.delete(sessionId);
  }

  /** Lines the session holds away from safe; they go back to safe when it dies. */
  armedBy(sessionId: string): ArmedLine[] {
    return [...this.armed.values()].filter((a) => a.sessionId === sessionId);
  }

  all(): ArmedLine[] {
    return [...this.armed.values()];
  }
}
