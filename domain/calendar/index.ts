export * from './calendar.js';
export * from './national-holidays.js';
export * from './schema.js';
