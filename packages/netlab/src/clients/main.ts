import { hostname } from 'node:os';
import { configEnv, helloReport, type ClientConfig, type ControllerCommand } from './protocol.js';
import { localAddressTo } from './local-address.js';
import { Reporter } from './reporter.js';
import { postAct, postLine, type Driver, type Sink, type StartDriver } from './driver.js';
import { startBrowser } from './browser-client.js';
import { startHttp } from './http-client.js';
import { startSse } from './sse-client.js';
import { startTcp } from './tcp-client.js';
import { startWs } from './ws-client.js';

// Entry point of one virtual client process, started inside its host namespace by the lab.
const drivers: Record<ClientConfig['kind'], StartDriver> = {
  tcp: startTcp,
  http: startHttp,
  sse: startSse,
  ws: startWs,
  browser: startBrowser,
};

async function main(): Promise<void> {
  const raw = process.env[configEnv];
  if (!raw) throw new Error(`${configEnv} is not set`);
  const cfg = JSON.parse(raw) as ClientConfig;
  // Replicas of one compose service share a config: each takes its container's hostname.
  if (cfg.id === '$HOSTNAME') cfg.id = hostname();
  if (cfg.user === '$HOSTNAME') cfg.user = hostname();
  // Filled in once the driver has connected; commands that arrive earlier are ignored.
  const live: { driver?: Driver } = {};
  const reporter = new Reporter(cfg.socket, (cmd: ControllerCommand) => {
    if (cmd.t === 'fin') live.driver?.fin();
    else if (cmd.t === 'rst') live.driver?.rst();
    else if (cmd.t === 'operate')
      (live.driver?.operate ?? ((l, v) => postLine(cfg, sink, l, v)))(cmd.line, cmd.value);
    else if (cmd.t === 'lock' || cmd.t === 'chat')
      (live.driver?.act ?? ((c: typeof cmd) => postAct(cfg, sink, c)))(cmd);
    else if (cmd.t === 'exit') process.exit(0);
  });
  const id = cfg.id;
  let lastRtt = 0;
  const seen = new Map<string, string>();
  const sink: Sink = {
    connected: (detail) => reporter.send({ t: 'state', id, state: 'connected', at: Date.now(), detail }),
    disconnected: (detail) =>
      reporter.send({ t: 'state', id, state: 'disconnected', at: Date.now(), detail }),
    // RTT every second is plenty for the UI; rounding keeps lines short.
    rtt: (ms) => {
      const now = Date.now();
      if (now - lastRtt < 900) return;
      lastRtt = now;
      reporter.send({ t: 'rtt', id, ms: Math.round(ms * 100) / 100 });
    },
    // The server sends the whole list on every change: report only what changed for us.
    presence: (user, state) => {
      if (seen.get(user) === state) return;
      seen.set(user, state);
      reporter.send({ t: 'presence', id, user, state, at: Date.now() });
    },
    log: (level, msg) => reporter.send({ t: 'log', id, level, msg }),
  };
  // The harness's `fin` fault signals SIGUSR2: close gracefully (the server sees a FIN).
  process.on('SIGUSR2', () => live.driver?.fin());
  // Our address toward the board: the lab attributes the board's records by it.
  reporter.send(helloReport(cfg, process.pid, await localAddressTo(cfg.url)));
  live.driver = await drivers[cfg.kind](cfg, sink);
}

main().catch((e: unknown) => {
  process.stderr.write(`client: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
