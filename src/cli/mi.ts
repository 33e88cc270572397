import type { ControlClient } from '../client/control-client.js';
import { callOverSocket } from '../client/socket-call.js';
import { errorJson, renderError } from '../render/error.js';
import { renderJson } from '../render/json.js';
import { exitCodeFor, EXIT } from './exit-codes.js';
import { miParams } from './mi-params.js';
import { resolveTarget, type TargetFlags } from './target.js';

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
