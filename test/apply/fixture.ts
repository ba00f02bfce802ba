/** A store with users and groups, a service over it, and state: the world one test runs in. */
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { ApplyEvent, ApplyOptions } from '../../src/apply/types.js';
import type { Binding } from '../../src/model/group.js';
import type { Plan } from '../../src/plan/types.js';
import { MemoryState } from './memory-state.js';
import { StoreService } from './store-service.js';

export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'ghost'];

export interface GroupSeed {
  name?: string;
  owner: string;
  members?: string[];
  admins?: string[];
  maxusers?: number;
}

export class World {
  clock = 1_700_000_000_000;
  readonly service: StoreService;
  state = new MemoryState();
  readonly events: ApplyEvent[] = [];

  constructor(users: string[] = USERS) {
    this.service = StoreService.withUsers(users, () => this.clock);
  }

  /** Creates a live group straight in the store (no call logged) and returns its id. */
  group(seed: GroupSeed): string {
    const store = this.service.store;
    const id = store.createGroup({
      groupname: seed.name ?? 'g',
      public: false,
      owner: seed.owner,
      members: seed.members ?? [],
      ...(seed.maxusers === undefined ? {} : { maxusers: seed.maxusers }),
    });
    for (const a of seed.admins ?? []) store.addAdmin(id, a);
    return id;
  }

  bind(bindings: Record<string, Binding>): void {
    this.state = new MemoryState(bindings);
  }

  apply(plan: Plan, options: Partial<ApplyOptions> = {}) {
    return applyPlan(plan, {
      service: this.service,
      state: this.state,
      groupsAtOnce: 4,
      allowDismiss: false,
      limits: { removals: 1000 },
      now: () => this.clock,
      onEvent: (e) => this.events.push(e),
      ...options,
    });
  }

  live(id: string) {
    return this.service.store.getGroup(id);
  }
}
