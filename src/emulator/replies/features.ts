/**
 * The allow-list and block-list calls of FACTS.md "Group features beyond ...": a list
 * read, a batch add (`{"usernames": [...]}`, at most 60) and a batch remove (names in the
 * path, comma-separated, at most 60), answering one row per name as the batch member
 * remove does (`{result, reason?, groupid, action, user}`; one object for one name).
 * Readings the docs leave open are dialects (dialects.ts `blockPages`).
 */
import type { Reply } from '../envelope.js';
import type { ListRow } from '../store/features.js';
import { intParam, objectBody, ok, type RouteDeps } from './common.js';
import { invalid } from '../wire-settings.js';

type ListOp = 'addAllow' | 'removeAllow' | 'addBlocks' | 'removeBlocks';

const ACTIONS: Record<ListOp, string> = {
  addAllow: 'add_user_whitelist',
  removeAllow: 'remove_user_whitelist',
  addBlocks: 'add_blocks',
  removeBlocks: 'remove_blocks',
};

export function listAllow(deps: RouteDeps, id: string): Reply {
  const data = deps.store.listAllow(id);
  return ok(deps, { data, count: data.length });
}

/** Easemob: every name in `data`; Agora (FACTS.md): `pageSize` + `cursor` pages. */
export function listBlocks(deps: RouteDeps, id: string): Reply {
  const all = deps.store.listBlocks(id);
  if (deps.readings.blockPages !== 'cursor') return ok(deps, { data: all, count: all.length });
  const size = Math.min(100, Math.max(1, intParam(deps.call.query, 'pageSize', 10)));
  const start = Number(deps.call.query.get('cursor') ?? '0');
  if (!Number.isInteger(start) || start < 0) throw invalid('cursor is invalid');
  const data = all.slice(start, start + size);
  const next = start + size < all.length ? { cursor: String(start + size) } : {};
  return ok(deps, { data, count: data.length, ...next });
}

/** POST `{"usernames": [...]}`. */
export function addToList(deps: RouteDeps, op: 'addAllow' | 'addBlocks', id: string, body: unknown): Reply {
  const usernames = objectBody(body)['usernames'];
  if (!Array.isArray(usernames)) throw invalid('usernames must be provided');
  return rows(deps, op, id, deps.mutate(op, id, usernames as string[]));
}

/** DELETE `.../{u1,u2}`. */
export function removeFromList(deps: RouteDeps, op: 'removeAllow' | 'removeBlocks', id: string, users: string[]): Reply {
  return rows(deps, op, id, deps.mutate(op, id, users));
}

function rows(deps: RouteDeps, op: ListOp, id: string, results: ListRow[]): Reply {
  const data = results.map((r) => ({
    result: r.result,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    groupid: id,
    action: ACTIONS[op],
    user: r.user,
  }));
  return ok(deps, { data: data.length === 1 ? data[0] : data });
}
