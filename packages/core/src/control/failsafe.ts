import type { LineSpec, LineValue } from '../hardware/board.js';

// Dead-man bookkeeping: which session switched each failsafe line away from its safe value.
// The last session to set a non-safe value owns it; a confirmed safe value disarms it.

export interface ArmedLine {
  line: string;
  sessionId: string;
  user: string;
  safeValue: LineValue;
}

export class FailsafeTracker {
  private armed = new Map<string, ArmedLine>();

  /** Call on every confirmed output value that a session (not the system) caused. */
  confirmed(line: LineSpec, value: LineValue, by: { sessionId: string; user: string } | null): void {
    if (!line.failsafe) return;
    if (value === line.safeValue || by === null) {
      this.armed.delete(line.name);
    } else {
      this.armed.set(line.name, { line: line.name, ...by, safeValue: line.safeValue });
    }
  }

  /** Lines the session holds away from safe; they go back to safe when it dies. */
  armedBy(sessionId: string): ArmedLine[] {
    return [...this.armed.values()].filter((a) => a.sessionId === sessionId);
  }

  all(): ArmedLine[] {
    return [...this.armed.values()];
  }
}
