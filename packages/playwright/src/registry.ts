import type { LabWorld } from './lab-world.js';

/** Which lab a panel or line probe belongs to, so a matcher given one can read that lab's events. */
export const worldOf = new WeakMap<object, LabWorld>();
