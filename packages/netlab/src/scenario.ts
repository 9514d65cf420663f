// The import path scenario files use: `import { scenario } from '@pulseboard/netlab/scenario'`.
export { scenario, isScenario } from './scenario/api.js';
export type {
  ClientHandle,
  FaultHandle,
  ScenarioDef,
  ScenarioLab,
  ScenarioOptions,
  Target,
  Within,
} from './scenario/api.js';
export type { ClientKind, FaultKind, FaultParams, LabEvent } from './types.js';
