export * from '@pulseboard/harness/ns/index';
export * from '@pulseboard/harness/faults/index';
// The lab engine (issue 6). Aliased where a harness name is already taken above.
export {
  Lab as VirtualLab,
  type LabOptions as VirtualLabOptions,
  type BoardOptions,
  type AddClientOptions,
} from './lab.js';
export {
  scenario,
  isScenario,
  type ScenarioDef,
  type ScenarioLab,
  type ScenarioOptions,
  type ClientHandle,
  type FaultHandle as ScenarioFaultHandle,
} from './scenario.js';
export { runScenario, runIsolated } from './scenario/runner.js';
export { loadScenario } from './scenario/load.js';
export { scenarioDts } from './scenario/scenario-dts.js';
export { renderReport } from './report/html.js';
export { createApiServer } from './server/api.js';
export { detectCapabilities } from './net/capabilities.js';
export { cleanLeftovers } from './net/clean.js';
export { main as labCli } from './cli.js';
export type {
  ClientKind,
  ClientState,
  Fault as LabFault,
  FaultKind as LabFaultKind,
  FaultParams,
  Fidelity,
  LabClient,
  LabEvent,
  LabSnapshot,
  RunResult,
  ScenarioInfo,
} from './types.js';
