// Today's liveness (main 2ee4206), frozen for side-by-side runs.
export { watchSocket, ConnectionWatch } from './socket-watch.js';
export { watchWebSocket } from './ws-watch.js';
