/** The domain vocabulary every stage shares: DesiredState and DesiredGroup (config), LiveGroup (service), Binding (state), Settings, LIMITS. */
export * from './group.js';
