/** `groupctl export`'s pure half: toConfig turns live groups into configuration text that plans with no changes; keyFor names a group's key. */
export { keyFor, toConfig, type Exported, type ExportOptions } from './to-config.js';
