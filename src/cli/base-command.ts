import { Command, Flags, type Interfaces } from '@oclif/core';
import { ControlClient } from '../client/control-client.js';
import { errorJson, renderError } from '../render/error.js';
import { exitCodeFor } from './exit-codes.js';
import { DEFAULT_TIMEOUT, resolveTarget } from './target.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;

/**
 * Owns what every node-facing command shares: how to find the node
 * (`--socket`, `--url`), `--timeout`, `--json`, the lazily built client, and
 * the mapping from error codes to exit codes.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    socket: Flags.string({ char: 's', summary: 'Control socket of the node.', env: 'CL_SOCKET', helpGroup: 'NODE' }),
    url: Flags.string({ summary: 'MI JSON-RPC endpoint instead of the socket, e.g. http://127.0.0.1:8888/mi.', helpGroup: 'NODE' }),
    timeout: Flags.string({ summary: 'Bound on each call to the node.', default: DEFAULT_TIMEOUT, helpGroup: 'NODE' }),
    json: Flags.boolean({ summary: 'Print machine-readable JSON.', helpGroup: 'GLOBAL' }),
  };

  private clientInstance: ControlClient | undefined;

  protected client(flags: { socket?: string | undefined; url?: string | undefined; timeout?: string | undefined }): ControlClient {
    this.clientInstance ??= new ControlClient(resolveTarget(flags));
    return this.clientInstance;
  }

  protected get jsonMode(): boolean {
    return this.argv.includes('--json');
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // Let oclif report its own parse errors and exits (exit code 2 for usage).
    if (err.oclif?.exit !== undefined) return super.catch(err);
    if (this.jsonMode) this.log(JSON.stringify(errorJson(err)));
    else this.logToStderr(renderError(err));
    this.exit(exitCodeFor(err));
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    await this.clientInstance?.close();
    return super.finally(err);
  }
}
