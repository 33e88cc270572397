import type { ClusterApi } from '../cluster/api.js';
import type { Logger } from '../log.js';
import type { ClusterView } from '../topology/index.js';
import type { ExtraMsg, ModuleMsg } from '../wire/index.js';
import { decodeMi, encodeMiReply, fitBody } from './ext-wire.js';
import type { RemoteMi, RunMi } from './remote-mi.js';

export interface MiReceiverInit {
  api: ClusterApi;
  log: Logger;
  remote: RemoteMi;
  runLocal: RunMi;
}

/**
 * The receiving side of remote MI: MI_CMD from any peer (run with positional
 * string params, outcome only logged, as OpenSIPS does) and `cl-mi` requests
 * from `cl` peers (run, and the result sent back as a `cl-mi` reply).
 */
export class MiReceiver {
  constructor(private readonly init: MiReceiverInit) {}

  onMiCmd(_view: ClusterView, msg: ExtraMsg | ModuleMsg): void {
    if (msg.kind !== 'mi_cmd') return;
    void this.run(msg.cmdName, msg.params, msg.srcId);
  }

  onClMi(view: ClusterView, msg: ExtraMsg | ModuleMsg): void {
    if (msg.kind !== 'module') return;
    let m;
    try {
      m = decodeMi(msg);
    } catch (err) {
      this.init.log.info(`discarding cl-mi packet from node ${msg.srcId}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (m.type === 'reply') return this.init.remote.onReply(msg.srcId, m);
    let params: unknown;
    try {
      params = m.params === '' ? undefined : (JSON.parse(m.params) as unknown);
    } catch {
      return this.reply(view.clusterId, msg.srcId, m.id, false, JSON.stringify({ code: -32602, message: 'Invalid params', data: 'params are not JSON' }));
    }
    void this.run(m.cmdName, params, msg.srcId).then((r) =>
      this.reply(view.clusterId, msg.srcId, m.id, r.ok, JSON.stringify(r.ok ? r.result : r.error)),
    );
  }

  private async run(cmdName: string, params: unknown, srcId: number) {
    const r = await this.init.runLocal(cmdName, params);
    const why = r.ok ? '' : ` (${r.error.code} ${r.error.message}${r.error.data ? `: ${r.error.data}` : ''})`;
    this.init.log.info(`MI command ${cmdName} returned with ${r.ok ? 'success' : 'error'}${why} [from node ${srcId}]`);
    return r;
  }

  private reply(clusterId: number, dstId: number, id: number, ok: boolean, body: string): void {
    const fitted = fitBody(ok, body);
    const frame = encodeMiReply({ id, ...fitted }, { clusterId, srcId: this.init.api.getMyId(), dstId });
    void this.init.api.sendTo(clusterId, dstId, frame).then((r) => {
      if (r !== 0) this.init.log.warn(`cannot return the result of MI request ${id} to node ${dstId} (send result ${r})`);
    });
  }
}
