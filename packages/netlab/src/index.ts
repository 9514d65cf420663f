export * from './ns/index.js';
export * from './faults/index.js';
