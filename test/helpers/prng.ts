/** Deterministic PRNG for seeded fuzz, split and simulation tests: the simulations' own. */
export { prng } from '../../src/engine/sim/prng.js';
