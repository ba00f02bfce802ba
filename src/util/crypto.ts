/**
 * node:crypto, loaded where it is first used rather than when a module that may use it is
 * imported (issue 23, start-up): node loads about 36 of its own modules for it, 3-5 ms of a
 * `validate` that hashes and draws nothing. Temporaries, the lock and a new state's lineage
 * draw from it only when they write.
 */
import type * as Crypto from 'node:crypto';

/** The node:crypto module, from node's cache after the first call. */
export function nodeCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}
