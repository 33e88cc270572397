import type { Part } from '../part.js';
import { CapabilityHandle } from './handle.js';
import { CapabilityLayer, type CapabilitiesComponents, type CapabilitiesInit } from './layer.js';
import type { CapabilityDef } from './types.js';

/** The capabilities part of a node: the layer, started after the cluster. */
export class CapabilitiesPart implements Part {
  readonly name = 'capabilities';
  readonly layer: CapabilityLayer;

  constructor(
    private readonly c: CapabilitiesComponents,
    init: CapabilitiesInit,
  ) {
    this.layer = new CapabilityLayer(c, init);
  }

  /** Registers a capability of a library user or of a built-in module. */
  register(def: CapabilityDef): CapabilityHandle {
    return new CapabilityHandle(this.layer, this.c.cluster, this.layer.register(def));
  }

  start(): void {
    this.layer.start();
  }

  stop(): void {
    this.layer.stop();
  }
}
