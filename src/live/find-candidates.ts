/**
 * The live groups a plan's creates could be meant for: one pass over the app's group list
 * (1,000 a page, FACTS.md), keeping the rows whose owner and name some create has and that
 * no key is bound to. So a lost state file costs one slower plan, never a duplicate group.
 */
import type { GroupService, GroupSummary } from '../api/service.js';
import { ownerAndName } from '../model/group.js';

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
  return wanted.length === 0 ? [] : (await passOverList(service, wanted, bound)).rows;
}

/** One pass over the group list: the matching rows, and how many rows the app has (what `limits.groups_per_app` counts). */
async function passOverList(service: GroupService, wanted: readonly WantedGroup[], bound: ReadonlySet<string>): Promise<{ rows: GroupSummary[]; total: number }> {
  const keys = new Set(wanted.map((w) => ownerAndName(w.owner, w.name)));
  const found = new Map<string, GroupSummary>();
  let total = 0;
  for await (const row of service.listGroups()) {
    total += 1;
    if (!bound.has(row.id) && keys.has(ownerAndName(row.owner, row.name))) found.set(row.id, row);
  }
  return { rows: [...found.values()], total };
}

export interface CandidateSearch {
  /** The candidates of the plan's creates: from the pass started ahead when it covered them all, else from a pass of their own. */
  candidatesFor(wanted: readonly WantedGroup[]): Promise<GroupSummary[]>;
  /** The app's groups as the last finished pass counted them; undefined when no pass was made. */
  appGroupCount(): number | undefined;
}

/**
 * Starts the pass over the group list now, for the groups sure to be created (keys bound
 * to no group), so its pages, one after another by cursor, go out beside the reads instead
 * of after them: at 300 ms a round trip, 10,000 groups' pages are 3 s of a run. A group the
 * reads find gone is a create known only later; if it is one, the plan's creates get a pass
 * of their own. A failed pass ahead fails `candidatesFor`, as one made then would.
 * `boundIds` (the ids no key may take) is called once, and only when a pass is made.
 */
export function searchAhead(service: GroupService, expected: readonly WantedGroup[], boundIds: () => ReadonlySet<string>): CandidateSearch {
  // The ids of every binding are collected only if a pass is made: a million of them for a plan that creates nothing is waste.
  let bound: ReadonlySet<string> | undefined;
  const boundNow = (): ReadonlySet<string> => (bound ??= boundIds());
  let counted: number | undefined;
  const pass = async (wanted: readonly WantedGroup[]) => {
    const made = await passOverList(service, wanted, boundNow());
    counted = made.total;
    return made.rows;
  };
  const ahead = expected.length > 0 ? pass(expected) : undefined;
  // Awaited by candidatesFor; until then a failure must not surface as an unhandled rejection.
  ahead?.catch(() => undefined);
  const covered = new Set(expected.map((w) => ownerAndName(w.owner, w.name)));
  return {
    async candidatesFor(wanted) {
      if (wanted.length === 0) return [];
      const keys = new Set(wanted.map((w) => ownerAndName(w.owner, w.name)));
      if (ahead === undefined || [...keys].some((key) => !covered.has(key))) return pass(wanted);
      return (await ahead).filter((row) => keys.has(ownerAndName(row.owner, row.name)));
    },
    appGroupCount: () => counted,
  };
}
