export { socketCapability, type SocketCapability, type SocketOptionName } from './capability.js';
export { socketFd } from './fd.js';
export { tuneSocket, readTcpSettings, type TcpSettings, type TuneResult } from './tune.js';
export { readTcpInfo, decodeTcpInfo, type TcpInfo } from './tcp-info.js';
export { TCP_STATES, type TcpStateName } from './constants.js';
export { rtoSupport, type RtoSupport } from './rto.js';
export { probeNow, setUserTimeout } from './probe-now.js';
