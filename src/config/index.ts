/** Config loading and validation: YAML files -> `DesiredState`, or every problem at once. */
export { loadConfig, validateConfig, type LoadOptions } from './load-config.js';
export { ConfigError, formatIssue, type ConfigIssue } from './config-error.js';
export { SCHEMA_URL } from './schema.js';
