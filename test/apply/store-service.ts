/**
 * A GroupService for tests over the emulator's rules core (GroupStore): the same
 * refusals and words the emulator gives, without HTTP. It logs every call, lets a test
 * inject failures (before the effect, or after it: a lost answer), and counts how many
 * groups have a call in flight at once.
 */
import { ServiceError, type GroupService, type GroupSnapshot, type GroupSummary, type MemberAnswer } from '../../src/api/service.js';
import { fromWireFlags, fromWireSettings, toWireSettings } from '../../src/api/setting-fields.js';
import { GroupStore, StoreError, type GroupRecord } from '../../src/emulator/store.js';
import type { Settings } from '../../src/model/group.js';

export type CallKind = Exclude<keyof GroupService, 'listGroups'>;

export interface Call {
  kind: CallKind;
  id?: string;
  args: unknown[];
}

export interface Fault {
  kind: CallKind;
  /** Which call of that kind (for that group, when `id` is set) fails; every one when absent. */
  id?: string;
  error: ServiceError;
  /** `after`: the change is made, then the answer is lost. */
  when?: 'before' | 'after';
  times?: number;
}

const READS = new Set<CallKind>(['getGroups', 'getAdmins', 'getMembers', 'userGroups', 'userExists', 'getAllowList', 'getBlockList']);

export class StoreService implements GroupService {
  readonly calls: Call[] = [];
  maxGroupsInFlight = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly faults: Fault[] = [];
  /** Called as each call starts, before any effect. */
  onCall?: (call: Call) => void;

  constructor(readonly store: GroupStore) {}

  static withUsers(users: string[], now?: () => number): StoreService {
    return new StoreService(GroupStore.fromData({ users, groups: [] }, now ? { now } : {}));
  }

  inject(fault: Fault): void {
    this.faults.push({ when: 'before', times: 1, ...fault });
  }

  mutations(): Call[] {
    return this.calls.filter((c) => !READS.has(c.kind));
  }

  async getGroups(ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> {
    return this.run('getGroups', undefined, [ids], () => {
      const out = new Map<string, GroupSnapshot | null>();
      for (const r of this.store.getGroups([...ids])) out.set(r.id, 'missing' in r ? null : toSnapshot(r));
      return out;
    });
  }
  async getAdmins(id: string): Promise<string[]> {
    return this.run('getAdmins', id, [], () => this.store.listAdmins(id).sort());
  }
  async getMembers(id: string): Promise<{ owner: string; members: string[]; admins?: string[] }> {
    return this.run('getMembers', id, [], () => {
      const g = this.store.getGroup(id);
      if (!g) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${id}`);
      return { owner: g.owner, members: [...g.members].sort(), admins: [...g.admins].sort() };
    });
  }
  async *listGroups(): AsyncIterable<GroupSummary> {
    let cursor: string | undefined;
    do {
      const page = this.store.listGroups(1000, cursor);
      for (const g of page.groups) yield toSummary(g);
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
  async userGroups(user: string): Promise<GroupSummary[]> {
    return this.run('userGroups', undefined, [user], () => {
      const rows: GroupSummary[] = [];
      for (let page = 0; ; page++) {
        const { groups, total } = this.store.userGroups(user, page, 20);
        rows.push(...groups.map(toSummary));
        if (groups.length === 0 || rows.length >= total) return rows;
      }
    });
  }

  async userExists(user: string): Promise<boolean> {
    return this.run('userExists', undefined, [user], () => this.store.hasUser(user));
  }

  async createGroup(input: { settings: Settings; owner: string; members: readonly string[] }): Promise<string> {
    return this.run('createGroup', undefined, [input], () =>
      this.store.createGroup({ ...toWireSettings(input.settings), owner: input.owner, members: [...input.members] }),
    );
  }
  async updateGroup(id: string, settings: Settings) {
    return this.run('updateGroup', id, [settings], () =>
      fromWireFlags(this.store.modifyGroup(id, toWireSettings(settings))),
    );
  }
  async transferOwner(id: string, newOwner: string): Promise<void> {
    return this.run('transferOwner', id, [newOwner], () => this.store.transferOwner(id, newOwner));
  }
  /** The store skips names already in the group; they come back as not ok, with no reason given. */
  async addMembers(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('addMembers', id, [users], () => {
      const added = new Set(this.store.addMembers(id, [...users]));
      return users.map((user) => (added.has(user.toLowerCase()) ? { user, ok: true } : { user, ok: false }));
    });
  }
  async removeMembers(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('removeMembers', id, [users], () =>
      this.store.removeMembers(id, [...users]).map((r) => (r.result ? { user: r.user, ok: true } : { user: r.user, ok: false, reason: r.reason! })),
    );
  }
  async addAdmin(id: string, user: string): Promise<void> {
    return this.run('addAdmin', id, [user], () => this.store.addAdmin(id, user));
  }
  async removeAdmin(id: string, user: string): Promise<void> {
    return this.run('removeAdmin', id, [user], () => this.store.removeAdmin(id, user));
  }
  async enable(id: string): Promise<void> {
    return this.run('enable', id, [], () => this.store.enable(id));
  }
  async disable(id: string): Promise<void> {
    return this.run('disable', id, [], () => this.store.disable(id));
  }
  async getAnnouncement(id: string): Promise<string> {
    return this.run('getAnnouncement', id, [], () => this.store.getAnnouncement(id));
  }
  async setAnnouncement(id: string, text: string): Promise<void> {
    return this.run('setAnnouncement', id, [text], () => this.store.setAnnouncement(id, { announcement: text }));
  }
  async getAllowList(id: string): Promise<string[]> {
    return this.run('getAllowList', id, [], () => this.store.listAllow(id).sort());
  }
  async getBlockList(id: string): Promise<string[]> {
    return this.run('getBlockList', id, [], () => this.store.listBlocks(id).sort());
  }
  async addAllow(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('addAllow', id, [users], () => rowsOf(this.store.addAllow(id, [...users])));
  }
  async removeAllow(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('removeAllow', id, [users], () => rowsOf(this.store.removeAllow(id, [...users])));
  }
  async block(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('block', id, [users], () => rowsOf(this.store.addBlocks(id, [...users])));
  }
  async unblock(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    return this.run('unblock', id, [users], () => rowsOf(this.store.removeBlocks(id, [...users])));
  }
  async muteAll(id: string): Promise<void> {
    return this.run('muteAll', id, [], () => this.store.muteAll(id));
  }
  async unmuteAll(id: string): Promise<void> {
    return this.run('unmuteAll', id, [], () => this.store.unmuteAll(id));
  }
  async dismiss(id: string): Promise<void> {
    return this.run('dismiss', id, [], () => this.store.dismiss(id));
  }

  private async run<T>(kind: CallKind, id: string | undefined, args: unknown[], effect: () => T): Promise<T> {
    const call: Call = id === undefined ? { kind, args } : { kind, id, args };
    this.calls.push(call);
    this.onCall?.(call);
    const track = id ?? '';
    this.inFlight.set(track, (this.inFlight.get(track) ?? 0) + 1);
    this.maxGroupsInFlight = Math.max(this.maxGroupsInFlight, [...this.inFlight.keys()].filter((k) => k !== '').length);
    try {
      // Let other groups' calls start, as a network round trip would.
      await new Promise((resolve) => setImmediate(resolve));
      const fault = this.takeFault(kind, id);
      if (fault?.when === 'before') throw fault.error;
      let result: T;
      try {
        result = effect();
      } catch (err) {
        if (err instanceof StoreError) {
          throw new ServiceError(err.status, err.error, err.description, { kind, method: 'TEST', path: `/${kind}` });
        }
        throw err;
      }
      if (fault) throw fault.error;
      return result;
    } finally {
      const left = this.inFlight.get(track)! - 1;
      if (left === 0) this.inFlight.delete(track);
      else this.inFlight.set(track, left);
    }
  }

  private takeFault(kind: CallKind, id: string | undefined): Fault | undefined {
    const i = this.faults.findIndex((f) => f.kind === kind && (f.id === undefined || f.id === id));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }
}

function rowsOf(rows: ReadonlyArray<{ user: string; result: boolean; reason?: string }>): MemberAnswer[] {
  return rows.map((r) => (r.result ? { user: r.user, ok: true } : { user: r.user, ok: false, reason: r.reason ?? 'refused' }));
}

/** A failed call as HttpGroupService would raise it. */
export function serviceError(status: number, code: string, description: string, ambiguous = false): ServiceError {
  return new ServiceError(status, code, description, { kind: 'test', method: 'TEST', path: '/test' }, { ambiguous });
}

function toSnapshot(r: GroupRecord): GroupSnapshot {
  return {
    id: r.id,
    settings: fromWireSettings(r as unknown as Record<string, unknown>),
    disabled: r.disabled,
    muteAll: r.mute,
    owner: r.owner,
    members: [...r.members].sort(),
    membersComplete: true,
    memberCount: r.members.length + 1,
    admins: [...r.admins].sort(),
    created: r.created,
  };
}

function toSummary(r: GroupRecord): GroupSummary {
  return { id: r.id, name: r.groupname, owner: r.owner, created: r.created };
}
