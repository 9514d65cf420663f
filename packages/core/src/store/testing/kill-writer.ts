import { spawn } from 'node:child_process';

export interface KilledWriter {
  /** Ids the child acknowledged (printed `ack ID`) before it was killed. */
  acked: number[];
  signal: NodeJS.Signals | null;
}

/**
 * Runs a writer fixture (`node FIXTURE DB`, printing `ack ID` after each durable write) and
 * SIGKILLs it mid-stream once `minAcks` writes were acknowledged, while it writes as fast as
 * it can. The caller then reopens DB and checks that no acknowledged id is missing.
 */
export async function killWriterMidStream(
  fixture: string,
  db: string,
  minAcks = 200,
  args: string[] = [],
): Promise<KilledWriter> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, db, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: number[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
      if (acked.length >= minAcks && !child.killed) child.kill('SIGKILL');
    });
  });
  return { acked, signal: child.signalCode };
}
