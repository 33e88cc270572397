/** The `cl` engine as a library: run a cluster node inside your own process. */
export { ClusterNode, type NodeInit } from './node.js';
export { ClusterApi, type NodeSummary } from './cluster/api.js';
export { SendResult, scriptCode } from './cluster/send-result.js';
export { parseConfig, loadConfigFile, ConfigError, type NodeConfig } from './config/index.js';
export { createLogger, type Logger, type LogLevel } from './log.js';
export { ClError } from './errors.js';
export type { ClusterEvent } from './events/bus.js';
export * as wire from './wire/index.js';
export * as kv from './kv/index.js';
