/** The control contract shared by the node's MI server and the `cl` client: names, params, results, errors. Types and constants only. */
export * from './errors.js';
export * from './methods.js';
export * from './params.js';
export * from './results.js';
export * from './json-keys.js';
