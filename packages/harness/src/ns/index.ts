export { createLab, type Lab, type LabHost, type LabOptions } from './lab.js';
export { cleanupLeftovers, deleteNamespace, listNamespaces } from './cleanup.js';
export { listenInNamespace } from './listen.js';
export { DEFAULT_PREFIX, newRunId, nsName, ownerPid } from './names.js';
export { run, runIn } from './run.js';
export {
  spawnProbeClient,
  probeClientPath,
  type ProbeClient,
  type ProbeClientSpec,
  type ProbeConnection,
} from './probe.js';
