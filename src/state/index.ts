/** The state file: bindings of config keys to live groups, journaled and locked. */
export { StateStore } from './state-store.js';
export type { CreateIntent, StateData } from './state-data.js';
export { defaultStatePath, STATE_FILE_NAME } from './default-state-path.js';
export { StateError } from './state-error.js';
export { StateLockedError, type LockInfo } from './lock.js';
