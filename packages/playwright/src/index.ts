// @pulseboard/playwright: the Pulseboard lab as a Playwright fixture (see this package's README).
export { test } from './fixtures.js';
export type { LabTestFixtures, LabWorkerFixtures } from './fixtures.js';
export { expect } from './matchers.js';
export { LabWorld } from './lab-world.js';
export type { Client, LineProbe, Target } from './lab-world.js';
export type { Panel } from './panel.js';
export { labUnavailable } from './availability.js';
