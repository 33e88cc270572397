#!/usr/bin/env node
// Writes oclif.manifest.json (every command's id, flags and args), which
// oclif reads for help, topics and completion instead of building every
// command class first (commands themselves run without oclif, see
// bin/run.js). Run after tsc; the file is a build product, like dist/.
import { Config } from '@oclif/core';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'oclif.manifest.json');
// oclif reads an existing manifest even with ignoreManifest: remove the one of the previous build first.
rmSync(out, { force: true });
const config = await Config.load({ root, ignoreManifest: true });
const plugin = config.plugins.get(config.pjson.name);
if (!plugin) throw new Error(`plugin ${config.pjson.name} not found`);
const { manifest } = plugin;
if (Object.keys(manifest.commands).length === 0) throw new Error('no commands found: build dist/ first');
writeFileSync(out, `${JSON.stringify(manifest, null, 1)}\n`);
