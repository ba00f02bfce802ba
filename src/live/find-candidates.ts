/**
 * The live groups a plan's creates could be meant for: one pass over the app's group list
 * (1,000 a page, FACTS.md), keeping the rows whose owner and name some create has and that
 * no key is bound to. So a lost state file costs one slower plan, never a duplicate group.
 */
import type { GroupService, GroupSummary } from '../api/service.js';

export interface WantedGroup {
  owner: string;
  name: string;
}

/** Rows of the app's group list matching a wanted owner and name (owners case-insensitive), minus `bound` ids. */
export async function findCandidates(
  service: GroupService,
  wanted: readonly WantedGroup[],
  bound: ReadonlySet<string>,
): Promise<GroupSummary[]> {
  if (wanted.length === 0) return [];
  const keys = new Set(wanted.map((w) => matchKey(w.owner, w.name)));
  const found = new Map<string, GroupSummary>();
  for await (const row of service.listGroups()) {
    if (!bound.has(row.id) && keys.has(matchKey(row.owner, row.name))) found.set(row.id, row);
  }
  return [...found.values()];
}

function matchKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}\u0000${name}`;
}
