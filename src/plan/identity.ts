import type { Binding, DesiredGroup } from '../model/group.js';

/** A key binds to a live group by `id:` in config, else by its state binding; undefined = new. */
export function resolveId(group: DesiredGroup, bindings: ReadonlyMap<string, Binding>): string | undefined {
  return group.id ?? bindings.get(group.key)?.id;
}
