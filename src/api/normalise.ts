/**
 * Normalise wire shapes into domain shapes, once. Wire names never leave src/api/.
 */
export { toWireSettings, fromWireSettings, fromWireFlags } from './wire-settings.js';
