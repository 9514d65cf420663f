export {
  boardSchema,
  findLine,
  type Board,
  type LineSpec,
  type LineValue,
  type LineDirection,
} from './board.js';
export { loadBoard, parseBoard, type BoardIssue } from './load-board.js';
export type { BoardDriver, EdgeListener, InputEdge } from './driver.js';
export {
  createDriver,
  GpioCdevDriver,
  SimDriver,
  type GpioCdevOptions,
  type SimDriverOptions,
  type SimFault,
} from './drivers/index.js';
