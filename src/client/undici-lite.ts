import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * undici's HTTP/1.1 `Client` and its error classes, loaded without the rest
 * of the package (fetch, WebSocket, cache, mocks): that cuts the CLI's
 * start-up by about 45 ms, which matters for `cl mi` in shell loops. This is
 * what undici's own index does for `Client`, minus the unused parts.
 */
const require = createRequire(import.meta.url);
const Client = require('undici/lib/dispatcher/client.js') as typeof Undici.Client;
type Client = Undici.Client;
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
const api = require('undici/lib/api/index.js') as object;
const errors = require('undici/lib/core/errors.js') as typeof Undici.errors;

if (!('request' in Dispatcher.prototype)) Object.assign(Dispatcher.prototype, api);

export { Client, errors };
