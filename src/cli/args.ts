import { Args } from '@oclif/core';
import { ClientError } from '../client/errors.js';

/** An id argument (integer > 0); a bad one is a usage error (exit 2), as a bad flag is. */
export const idArg = Args.custom<number>({
  required: true,
  parse: async (word, _ctx, opts) => {
    if (/^\d+$/.test(word) && Number(word) >= 1) return Number(word);
    throw new ClientError('CL_ERR_USAGE', `bad ${opts.name.toUpperCase()} '${word}': expected an integer greater than 0`);
  },
});
