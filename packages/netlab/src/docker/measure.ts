import { labPassword } from '../controller/board.js';
import { BoardWatch, type BoardEvent } from '../controller/board-watch.js';
import { detectionOf, type Detection } from '../controller/detection.js';
import { containerIp } from './engine.js';
import { dockerFault, type DockerFault, type DockerFaultKind } from './faults.js';

// One fault on one client container, timed against the board's own detection records (its
// event stream, read as the lab's admin): how long after the fault took effect the board
// called the client suspect, and then offline.
export interface MeasureOptions {
  /** The board as this process reaches it, e.g. http://172.20.0.2:8080 */
  boardUrl: string;
  container: string;
  /** The lab network (`docker network ls` name): the client's address on it. */
  network: string;
  kind: DockerFaultKind;
  timeoutMs?: number;
}

export interface Measurement {
  kind: DockerFaultKind;
  container: string;
  address: string;
  startedAt: number;
  /** ms from the fault to the board's first `suspect` record for that address (if any). */
  suspectMs?: number;
  /** ms from the fault to the board's `dead` record (undefined: not detected in time). */
  offlineMs?: number;
  cause?: string;
  fault: DockerFault;
}

export function labAdminAuth(): string {
  return 'Basic ' + Buffer.from(`lab:${labPassword('lab')}`).toString('base64');
}

export async function measureFault(o: MeasureOptions): Promise<Measurement> {
  const address = await containerIp(o.container, o.network);
  const seen: Detection[] = [];
  let wake = (): void => undefined;
  let streaming = false;
  const watch = new BoardWatch(o.boardUrl, labAdminAuth(), (e: BoardEvent) => {
    streaming = true;
    if (e.type !== 'detection') return;
    const d = detectionOf({ ...e, event: 'detection' });
    if (d && d.remoteIp === address) {
      seen.push(d);
      wake();
    }
  });
  watch.start();
  try {
    // The stream opens with a snapshot event: faults start only once we are listening.
    for (let i = 0; i < 50 && !streaming; i++) await new Promise((r) => setTimeout(r, 100));
    if (!streaming) throw new Error(`no event stream from the board at ${o.boardUrl}`);
    const fault = await dockerFault(o.kind, o.container);
    const deadline = fault.startedAt + (o.timeoutMs ?? 10_000);
    const after = () => seen.filter((d) => d.detectedAt >= fault.startedAt - 50);
    while (!after().some((d) => d.state === 'offline') && Date.now() < deadline) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
    const ds = after();
    const suspect = ds.find((d) => d.state === 'suspect');
    const offline = ds.find((d) => d.state === 'offline');
    return {
      kind: o.kind,
      container: o.container,
      address,
      startedAt: fault.startedAt,
      suspectMs: suspect && suspect.detectedAt - fault.startedAt,
      offlineMs: offline && offline.detectedAt - fault.startedAt,
      cause: offline?.cause ?? suspect?.cause,
      fault,
    };
  } finally {
    watch.stop();
  }
}
