export { ensureKernel, kernelIsBuilt, kernelPath } from './kernel.js';
export { runInVm, startVm, type Vm, type VmOptions, type VmResult } from './run-vm.js';
export { freePort } from './free-port.js';
export { GpioSim, type GpioSimOptions, type Pull } from './gpio-sim.js';
