import type { Board } from '../board.js';
import type { BoardDriver } from '../driver.js';
import { GpioCdevDriver, type GpioCdevOptions } from './gpio-cdev.js';
import { SimDriver, type SimDriverOptions } from './sim.js';

export { GpioCdevDriver, type GpioCdevOptions } from './gpio-cdev.js';
export { SimDriver, type SimDriverOptions, type SimFault } from './sim.js';

/** The driver a board file asks for (`driver: sim | gpio-cdev`). */
export function createDriver(
  board: Board,
  options: { sim?: SimDriverOptions; gpio?: GpioCdevOptions } = {},
): BoardDriver {
  return board.driver === 'gpio-cdev' ? new GpioCdevDriver(options.gpio) : new SimDriver(options.sim);
}
