export * from './defaults.js';
export * from './planner.js';
export * from './rules.js';
