export * from './common.js';
export * from './auth.js';
export * from './programs.js';
export * from './posts.js';
export * from './metrics.js';
export * from './sentiment.js';
