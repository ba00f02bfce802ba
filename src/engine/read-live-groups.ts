/**
 * The live read of a run: every read goes through here, so large reads keep their memory
 * down and a progress line sees each group.
 */
import { readLive, type ReadLiveOptions } from '../live/index.js';
import { type DesiredGroup, type LiveGroup, type LiveReads } from '../model/group.js';
import { joinReads, plannedId, READ_DETAILS, readsFor, type ResolvedKeys } from '../plan/index.js';
import { collectGarbageIfBloated } from './memory.js';
import { type ServiceSession } from './session.js';

/** A live line of a read (the CLI's read-progress.ts): fed with groups read and total, then finished. */
export interface ReadProgress {
  update(done: number, total: number): void;
  finish(): void;
}

/**
 * The live read: plan, apply, import and export read through here, so large reads keep their memory
 * down. `reads` says what to read of each group beyond its details (default: everything).
 */
export async function readLiveGroups(
  session: ServiceSession,
  ids: readonly string[],
  options: Pick<ReadLiveOptions, 'reads' | 'incomplete' | 'keepNames' | 'membersUnread'> & { progress?: ReadProgress } = {},
): Promise<Map<string, LiveGroup | null>> {
  const { reads, progress, incomplete, keepNames, membersUnread } = options;
  try {
    return await readLive(session.service, ids, {
      groupsAtOnce: session.groupsAtOnce,
      ...(session.callsAtOnce ? { callsAtOnce: session.callsAtOnce } : {}),
      ...(reads ? { reads } : {}),
      ...(incomplete ? { incomplete } : {}),
      ...(keepNames ? { keepNames } : {}),
      ...(membersUnread ? { membersUnread } : {}),
      onProgress: (done, total) => {
        progress?.update(done, total);
        if (done % 500 === 0) collectGarbageIfBloated();
      },
    });
  } finally {
    progress?.finish();
  }
}

/**
 * What the plan of each bound id needs read (plan/reads.ts): the config's groups decide, by
 * the owner the details show. An id no planned key resolves to (a kept binding, read for
 * moved: suggestions) needs its details only.
 */
export function readsOfConfig(resolved: ResolvedKeys): NonNullable<ReadLiveOptions['reads']> {
  const byOwner = readsByOwner(resolved);
  return (id, snapshot) => byOwner(id, snapshot.owner);
}

/** readsOfConfig by the owner the details show alone, which is all it depends on (ReadLiveOptions.membersUnread). */
export function readsByOwner(resolved: ResolvedKeys): (id: string, owner: string) => LiveReads {
  // A list only for an id several keys resolve to: one array per group was 2.8 MB of a 50,000-group run (issue 23).
  const keysById = new Map<string, DesiredGroup | DesiredGroup[]>();
  for (const group of resolved.groups) {
    const id = plannedId(group, resolved.bindings);
    if (id === undefined) continue;
    const known = keysById.get(id);
    if (known === undefined) keysById.set(id, group);
    else if (Array.isArray(known)) known.push(group);
    else keysById.set(id, [known, group]);
  }
  return (id, owner) => {
    const groups = keysById.get(id);
    if (groups === undefined) return READ_DETAILS;
    // joinReads(READ_DETAILS, reads) is reads itself: readsFor makes a fresh set each time.
    if (!Array.isArray(groups)) return readsFor(groups, owner);
    return groups.reduce((acc, group) => joinReads(acc, readsFor(group, owner)), READ_DETAILS);
  };
}
