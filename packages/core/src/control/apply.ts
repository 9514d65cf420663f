import { PulseboardError } from '../errors.js';
import type { LineValue } from '../hardware/board.js';
import type { BoardDriver } from '../hardware/driver.js';
import type { WriteResult } from './command-lifecycle.js';

// The hardware side of one command, the same for every driver: write, then read the line back,
// since the value a line shows is what it holds, not what was asked of it. A pulse is two such
// steps with the on-time between them.

/** Writes `value` and reads the line back; never rejects (a write error is part of the result). */
export async function writeAndReadBack(
  driver: BoardDriver,
  line: string,
  value: LineValue,
): Promise<WriteResult> {
  try {
    await driver.write(line, value);
  } catch (err) {
    return { ok: false, error: toPulseboardError(err), readBack: await tryRead(driver, line) };
  }
  return { ok: true, readBack: await tryRead(driver, line) };
}

/** On, `pulseMs`, off; `onOn` sees the first step's result (the line shows ON meanwhile). */
export async function pulse(
  driver: BoardDriver,
  line: string,
  pulseMs: number,
  onOn: (result: WriteResult) => void,
): Promise<WriteResult> {
  const on = await writeAndReadBack(driver, line, 1);
  onOn(on);
  if (!on.ok) return on;
  await new Promise((r) => setTimeout(r, pulseMs));
  return writeAndReadBack(driver, line, 0);
}

async function tryRead(driver: BoardDriver, line: string): Promise<LineValue | null> {
  try {
    return await driver.read(line);
  } catch {
    return null; // the acknowledgement (or its error) is then the only evidence
  }
}

export function toPulseboardError(err: unknown): PulseboardError {
  if (err instanceof PulseboardError) return err;
  return new PulseboardError('DRIVER_ERROR', err instanceof Error ? err.message : String(err));
}
