/**
 * A small in-memory GroupService for live-read tests: it counts calls per method, can
 * truncate member lists like the details call does, and fails where a test says so.
 */
import { ServiceError, type GroupService, type GroupSnapshot } from '../../src/api/service.js';
import type { Settings } from '../../src/model/group.js';

export interface FakeGroup {
  id: string;
  owner: string;
  admins?: string[];
  /** Everyone but the owner, admins included. */
  members?: string[];
  settings?: Settings;
  disabled?: boolean;
}

export interface FakeOptions {
  /** Members the details call lists per group (the real cap is 10,000). */
  detailsMemberCap?: number;
  /** The details call names the admins (newer servers' affiliations). */
  detailsShowAdmins?: boolean;
  /** The member list names the admins (newer servers). */
  memberListShowsAdmins?: boolean;
  /** Group ids whose admin list answers 500. */
  failAdmins?: string[];
  /** A details call that includes any of these ids answers 503. */
  failDetails?: string[];
}

type Method = 'getGroups' | 'getAdmins' | 'getMembers';

export class FakeGroupService implements Pick<GroupService, Method> {
  readonly calls: Record<Method, number> = { getGroups: 0, getAdmins: 0, getMembers: 0 };
  readonly batchSizes: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly groups: Map<string, FakeGroup>;

  constructor(groups: FakeGroup[], private readonly options: FakeOptions = {}) {
    this.groups = new Map(groups.map((g) => [g.id, g]));
  }

  asService(): GroupService {
    return this as unknown as GroupService;
  }

  async getGroups(ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> {
    return this.track('getGroups', () => {
      this.batchSizes.push(ids.length);
      const failing = ids.find((id) => this.options.failDetails?.includes(id));
      if (failing !== undefined) {
        throw new ServiceError(503, 'service_unavailable', 'try later', call('get-groups', `/chatgroups/${ids.join(',')}`));
      }
      return new Map(ids.map((id) => [id, this.snapshot(id)]));
    });
  }

  async getAdmins(id: string): Promise<string[]> {
    return this.track('getAdmins', () => {
      if (this.options.failAdmins?.includes(id)) {
        throw new ServiceError(500, 'internal_error', `admin list broke for ${id}`, call('get-admins', `/chatgroups/${id}/admin`));
      }
      return [...(this.group(id).admins ?? [])].sort();
    });
  }

  async getMembers(id: string): Promise<{ owner: string; members: string[]; admins?: string[] }> {
    return this.track('getMembers', () => {
      const group = this.group(id);
      const admins = group.admins ?? [];
      if (!this.options.memberListShowsAdmins) return { owner: group.owner, members: [...(group.members ?? [])] };
      const plain = (group.members ?? []).filter((m) => !admins.includes(m));
      return { owner: group.owner, members: plain, admins: [...admins] };
    });
  }

  private snapshot(id: string): GroupSnapshot | null {
    const group = this.groups.get(id);
    if (group === undefined) return null;
    const members = [...(group.members ?? [])].sort();
    const cap = this.options.detailsMemberCap ?? Infinity;
    return {
      id,
      settings: group.settings ?? { name: `group ${id}` },
      disabled: group.disabled ?? false,
      owner: group.owner,
      members: members.slice(0, cap),
      membersComplete: members.length <= cap,
      memberCount: members.length + 1,
      ...(this.options.detailsShowAdmins ? { admins: [...(group.admins ?? [])].sort() } : {}),
      created: 1_700_000_000_000,
    };
  }

  private group(id: string): FakeGroup {
    const group = this.groups.get(id);
    if (group === undefined) throw new ServiceError(404, 'service_resource_not_found', `do not find this group:${id}`, call('get', `/chatgroups/${id}`));
    return group;
  }

  /** Every call yields once, so concurrent calls really overlap. */
  private async track<T>(method: Method, answer: () => T): Promise<T> {
    this.calls[method] += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return answer();
    } finally {
      this.inFlight -= 1;
    }
  }
}

function call(kind: string, path: string) {
  return { kind, method: 'GET', path };
}

/** Groups `g1`..`gN` with owner `o` and one admin `a` among two members. */
export function manyGroups(count: number): FakeGroup[] {
  return Array.from({ length: count }, (_, i) => ({ id: `g${i + 1}`, owner: 'o', admins: ['a'], members: ['a', 'm'] }));
}
