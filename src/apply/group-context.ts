/** The context the steps of one group run in, shared by the executors of every kind of step. */
import type { GroupService } from '../api/service.js';
import type { ApplyState } from './apply-state.js';
import type { ChosenIds } from './chosen-ids.js';
import type { CreateLane } from './create-lanes.js';
import type { OwnerGroups } from './intents.js';
import type { Rerun } from '../util/rerun.js';

/** What the steps of one group share while they run. */
export interface GroupContext {
  /** Config key of the group. */
  readonly key: string;
  /** Live id: from the plan, or from the create this run made. */
  id: string | undefined;
  readonly service: GroupService;
  readonly state: ApplyState;
  /** Saves state, one write at a time across groups. */
  readonly save: () => Promise<void>;
  readonly now: () => number;
  /** The owner's groups, read once per run and owner (intents.ts); without it, read per create. */
  readonly ownerGroups?: OwnerGroups;
  /** Orders creates of one owner and name (create-lanes.ts); without it, creates do not wait for each other. */
  readonly createLane?: CreateLane;
  /** Live id -> key, for every group the plan's steps name (a key bound by `id:` may not be in the state yet). */
  readonly planned?: ReadonlyMap<string, string>;
  /** With `--id-strategy chosen`: this run's knowledge of whether the app takes chosen ids (chosen-ids.ts). */
  readonly chosenIds?: ChosenIds;
  /** The command a hint names (the CLI's repeats the user's flags; util/rerun.ts). */
  readonly rerun?: Rerun;
}
