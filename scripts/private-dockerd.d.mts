// Types of private-dockerd.mjs, for the TypeScript that starts one (bench/lab).
export interface PrivateDockerd {
  /** Its temp dir (roots, socket, log). */
  dir: string;
  sock: string;
  /** DOCKER_HOST pointing at it. */
  env: { DOCKER_HOST: string };
  /** Its log so far. */
  log(): string;
  exited(): boolean;
  /** Stops it and removes everything of its; resolves to what it found left behind (none: []). */
  stop(): Promise<string[]>;
}
export function privateDockerdUnavailable(): string | undefined;
export function startPrivateDockerd(): Promise<PrivateDockerd>;
export function until(what: string, ms: number, probe: () => Promise<unknown>): Promise<void>;
