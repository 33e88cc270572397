/**
 * Defaults of the OpenSIPS clusterer module parameters (seed 001 / reference §9.3)
 * and of our own keys.
 */
export const DEFAULTS = Object.freeze({
  dbMode: 1 as 0 | 1,
  /** Used only in db_mode 1 when db_url is absent (OpenSIPS would use the core default DB URL). */
  dbUrl: 'sqlite://./cl.db',
  dbTable: 'clusterer',
  dbBridgesTable: 'clusterer_bridge',
  pingInterval: 4, // s
  pingTimeout: 1000, // ms
  nodeTimeout: 60, // s
  seedFallbackInterval: 5, // s
  syncTimeout: 15, // s
  /** The code's value (sync.h); the README's 65535 is wrong (reference §10.32). */
  syncPacketSize: 32768,
  dispatchJobs: true,
  enableStats: true,
  enableRerouting: true,
  /** From the original module (seed 002): default 0 (disabled). */
  persistentMode: false,
  logLevel: 'info' as const,
  /** `ls_batch_interval` (ours), ms: 0 announces every link change in an LS_UPDATE of its own, as OpenSIPS. */
  lsBatchInterval: 0,
});

/** The longest `ls_batch_interval`: a link change is not kept from the cluster for more than a second. */
export const MAX_LS_BATCH_INTERVAL = 1000;

/** Largest BIN packet every OpenSIPS branch accepts (4.x reserves 20 of 65535 bytes). */
export const MAX_BIN_PACKET = 65515;
