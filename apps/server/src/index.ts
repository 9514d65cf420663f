export { createServer, type PulseboardServer } from './server.js';
export {
  resolveServerOptions,
  defaultServerOptions,
  type ServerOptions,
  type ServerOptionsInput,
} from './options.js';
export { main } from './cli.js';
