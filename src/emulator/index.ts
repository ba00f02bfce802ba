/** The emulator's public surface. */
export { EMULATOR_TOKEN } from './options.js';
export { startEmulator, type EmulatorOptions, type FaultSettings, type RunningEmulator } from './server.js';
export { runEmulator } from './main.js';
export { readDataFile } from './data-file.js';
export { GroupStore, StoreError, SERVICE_LIMITS, type GroupRecord, type StoreData, type StoreOptions, type WireSettings } from './store.js';
export { CALL_KINDS, type CallKind } from './routes.js';
export { DIALECTS, DEFAULT_READINGS, readingsOf, type Dialect, type Readings } from './dialects.js';
