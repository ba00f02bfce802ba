/**
 * Creates of one owner and name (twins: two keys declaring the same group) run one at a
 * time within a run. Each create's intent records the owner's groups of that name that
 * existed before it was sent (intents.ts), so after a kill -9 the look-up knows exactly
 * which twin it made: the earlier twin's group is bound, or is in the later one's list.
 * Two twins in flight at once would each see both groups, and a person would have to
 * choose.
 *
 * A create that ends with its intent still on disk (an unclear answer it could not
 * settle) may have made a group nobody has bound: the next create in its lane lists the
 * owner's groups afresh, not from the run's shared read, so that group is in its list.
 */
import { ownerAndName } from '../model/group.js';
import type { Outcome } from './confirm.js';

/** Runs `create` after every earlier create of the same owner and name; `stale` says the shared read of the owner's groups no longer holds. */
export type CreateLane = (
  owner: string,
  name: string | undefined,
  create: (stale: boolean) => Promise<Outcome>,
  leftIntent: () => boolean,
) => Promise<Outcome>;

/** One set of lanes per apply. */
export function createLanes(): CreateLane {
  const lanes = new Map<string, { tail: Promise<void>; stale: boolean }>();
  return (owner, name, create, leftIntent) => {
    // A create without a name may match any name of its owner: it has a lane of its own.
    const id = name === undefined ? `${owner.toLowerCase()}\u0000\u0000any` : ownerAndName(owner, name);
    let lane = lanes.get(id);
    if (!lane) {
      lane = { tail: Promise.resolve(), stale: false };
      lanes.set(id, lane);
    }
    const current = lane;
    const result = current.tail.then(() => create(current.stale));
    current.tail = result.then(
      () => {
        if (leftIntent()) current.stale = true;
      },
      () => {
        current.stale = true;
      },
    );
    return result;
  };
}
