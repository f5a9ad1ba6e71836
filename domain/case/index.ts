export * from './checkpoints.js';
export * from './commands.js';
export * from './errors.js';
export * from './model.js';
export * from './public-view.js';
export * from './repository.js';
export * from './revisit-plan.js';
export * from './transitions.js';
