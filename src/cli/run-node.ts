import { loadConfigFile, type ConfigOverrides } from '../engine/config/index.js';
import { createLogger, type Logger } from '../engine/log.js';
import { ClusterNode } from '../engine/node.js';

export interface RunNodeOptions {
  configPath: string;
  overrides: ConfigOverrides;
  /** Where warnings go before the logger exists. */
  warn(line: string): void;
}

/**
 * Loads the configuration, starts a node and keeps it running until SIGINT
 * or SIGTERM, then stops it cleanly (sockets closed, control socket removed).
 * SIGHUP re-reads the TLS certificate, key and CA list (docs/tls.md).
 * Resolves when the node has stopped; rejects if it cannot start.
 */
export async function runNode(opts: RunNodeOptions): Promise<void> {
  const { config, warnings } = await loadConfigFile(opts.configPath, opts.overrides);
  const log: Logger = createLogger(config.logLevel);
  for (const w of warnings) log.warn(`${opts.configPath}: ${w}`);
  const reloadConfig = async () => (await loadConfigFile(opts.configPath, opts.overrides)).config;
  const node = new ClusterNode({ config, log, reloadConfig });
  // Signals are taken from before the start: one that comes while the node
  // is starting stops it as soon as it is up, control socket removed.
  let signalled: (sig: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
  const onSignal = (sig: NodeJS.Signals): void => signalled(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The node logs the outcome; a failed reload keeps the files in use.
  const onHup = (): void => {
    log.notice('SIGHUP received, reloading the TLS certificates');
    node.reloadTls().catch(() => {});
  };
  process.on('SIGHUP', onHup);
  try {
    await node.start();
    const sig = await received;
    log.notice(`${sig} received, stopping`);
    await node.stop().catch((err: unknown) => log.error(`error while stopping: ${String(err)}`));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHup);
  }
}
