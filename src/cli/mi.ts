import type { ControlClient } from '../client/control-client.js';
import { callOverSocket } from '../client/socket-call.js';
import { errorJson, renderError } from '../render/error.js';
import { renderJson } from '../render/json.js';
import { exitCodeFor, EXIT } from './exit-codes.js';
import { miParams } from './mi-params.js';
import { resolveTarget, type TargetFlags } from './target.js';

/** Broadcast MI spellings answered per node by `cl_broadcast_mi` under `--json`. */
const BROADCAST_MI = new Set(['cluster_broadcast_mi', 'clusterer:broadcast_mi']);

export interface MiRun extends TargetFlags {
  method: string;
  words: string[];
  json?: boolean | undefined;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

/** `cl mi METHOD [PARAMS…]`: one call, result on stdout, exit code from the table. */
export async function runMi(run: MiRun, io: Io): Promise<number> {
  const pretty = io.isTTY && !run.json;
  let client: ControlClient | undefined;
  try {
    const target = resolveTarget(run);
    const params = miParams(run.words);
    let result: unknown;
    const perNode = run.json === true && target.socketPath !== undefined && BROADCAST_MI.has(run.method);
    if (perNode) {
      // `--json` on a cl node: every node's own result instead of the local one (OpenSIPS returns only that).
      const all = (await callOverSocket(target.socketPath!, 'cl_broadcast_mi', params, target.timeoutMs)) as { failed?: number[] };
      io.out(renderJson(all, false));
      return all.failed && all.failed.length > 0 ? EXIT.FAILURE : EXIT.OK;
    }
    if (target.socketPath !== undefined) {
      result = await callOverSocket(target.socketPath, run.method, params, target.timeoutMs);
    } else {
      // Loaded only for HTTP endpoints (a remote node or a real OpenSIPS mi_http).
      const { ControlClient: Client } = await import('../client/control-client.js');
      client = new Client(target);
      result = await client.call(run.method, params);
    }
    io.out(renderJson(result, pretty));
    return EXIT.OK;
  } catch (err) {
    if (run.json) io.out(JSON.stringify(errorJson(err)));
    else io.err(renderError(err));
    return exitCodeFor(err);
  } finally {
    await client?.close();
  }
}
