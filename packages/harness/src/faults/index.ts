export {
  applyFault,
  validateFault,
  FIN_SIGNAL,
  type ApplyOptions,
  type FaultHandle,
  type FaultKind,
  type FaultSpec,
} from './faults.js';
export { applyFilter, clearFilter, filterScript, FAULT_TABLE, type FilterRule } from './nft.js';
