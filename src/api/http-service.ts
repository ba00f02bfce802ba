/**
 * GroupService over the typed client: paging, batching and normalising happen here, so
 * live/, apply/ and export/ never see a wire shape.
 */
import { LIMITS, type Settings, type SettingName } from '../model/group.js';
import { ApiError, type CallRef } from './errors.js';
import type { ApiClient } from './client.js';
import {
  bareUser,
  MalformedAnswerError,
  readAffiliations,
  readDetailsBatch,
  readListedGroup,
  readRemovalResults,
  readUserGroup,
  type AppKey,
} from './normalise.js';
import type { GroupService, GroupSnapshot, GroupSummary, MemberResult } from './service.js';
import type * as W from './wire.js';
import { fromWireFlags, toWireSettings } from './wire-settings.js';

/** FACTS.md: a user's groups come at most 20 a page. */
const USER_GROUPS_PAGE = 20;

export class HttpGroupService implements GroupService {
  constructor(
    private readonly client: ApiClient,
    /** Org and app of an Easemob base URL, to strip owner prefixes exactly. */
    private readonly key: AppKey = {},
  ) {}

  async getGroups(ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> {
    const result = new Map<string, GroupSnapshot | null>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += LIMITS.detailsBatch) {
      for (const [id, snapshot] of await this.detailsBatch(unique.slice(i, i + LIMITS.detailsBatch))) result.set(id, snapshot);
    }
    return result;
  }

  /**
   * One details call. A 404 for one id means it is gone; a 404 for several is not
   * documented, so the batch is halved until each 404 names one id.
   */
  private async detailsBatch(ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> {
    let answer: W.GroupDetailsResponse;
    try {
      answer = await this.client.getGroups(ids);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      if (ids.length === 1) return new Map([[ids[0]!, null]]);
      const half = Math.ceil(ids.length / 2);
      const [a, b] = await Promise.all([this.detailsBatch(ids.slice(0, half)), this.detailsBatch(ids.slice(half))]);
      return new Map([...a, ...b]);
    }
    return malformedAsApiError({ kind: 'get-groups', method: 'GET', path: `/chatgroups/${ids.join(',')}` }, () =>
      readDetailsBatch(ids, answer.data, this.key),
    );
  }

  async getAdmins(id: string): Promise<string[]> {
    const answer = await this.client.listAdmins(id);
    const names = Array.isArray(answer.data) ? answer.data.filter((n): n is string => typeof n === 'string') : [];
    return [...new Set(names.map((n) => bareUser(n, this.key)))].sort();
  }

  async getMembers(id: string): Promise<{ owner: string; members: string[]; admins?: string[] }> {
    const entries: unknown[] = [];
    const seen = new Set<string>();
    for (let pagenum = 1; ; pagenum++) {
      const page = (await this.client.listMembers(id, pagenum, LIMITS.memberPage)).data;
      const rows = Array.isArray(page) ? page : [];
      // A server that ignores pagenum would repeat the first page for ever.
      const fresh = rows.filter((row) => {
        const k = JSON.stringify(row);
        return seen.has(k) ? false : (seen.add(k), true);
      });
      entries.push(...fresh);
      if (rows.length < LIMITS.memberPage || fresh.length === 0) break;
    }
    const roles = readAffiliations(entries, this.key);
    if (roles.owner === undefined) {
      throw new ApiError(200, 'bad_response', 'the member list names no owner', {
        kind: 'list-members',
        method: 'GET',
        path: `/chatgroups/${encodeURIComponent(id)}/users`,
      });
    }
    return {
      owner: roles.owner,
      members: roles.members,
      ...(roles.adminsShown ? { admins: roles.admins } : {}),
    };
  }

  async *listGroups(): AsyncIterable<GroupSummary> {
    let cursor: string | undefined;
    const cursors = new Set<string>();
    for (;;) {
      const answer = await this.client.listGroups(LIMITS.listPage, cursor);
      const rows = Array.isArray(answer.data) ? answer.data : [];
      for (const row of rows) yield readListedGroup(row, this.key);
      cursor = typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
      if (rows.length === 0 || cursor === undefined || cursors.has(cursor)) return;
      cursors.add(cursor);
    }
  }

  async userGroups(user: string): Promise<GroupSummary[]> {
    const groups = new Map<string, GroupSummary>();
    for (let pagenum = 0; ; pagenum++) {
      const answer = await this.client.userGroups(user, USER_GROUPS_PAGE, pagenum);
      const rows = Array.isArray(answer.entities) ? answer.entities : [];
      const before = groups.size;
      for (const row of rows) {
        const summary = readUserGroup(row, this.key);
        groups.set(summary.id, summary);
      }
      const total = typeof answer.total === 'number' ? answer.total : undefined;
      // Stop on a short page, on everything seen, or on a page that added nothing (pagenum not honoured).
      if (rows.length < USER_GROUPS_PAGE || groups.size === before || (total !== undefined && groups.size >= total)) break;
    }
    return [...groups.values()];
  }

  async createGroup(input: { settings: Settings; owner: string; members: readonly string[] }): Promise<string> {
    const members = [...new Set(input.members)].filter((m) => m !== input.owner);
    const body: W.CreateGroupRequest = {
      ...toWireSettings(input.settings),
      // The server requires `public`; with none declared, a private group is the safe choice.
      public: input.settings.public ?? false,
      owner: input.owner,
      ...(members.length > 0 ? { members } : {}),
    };
    const answer = await this.client.createGroup(body);
    const id = answer.data?.groupid;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new ApiError(200, 'bad_response', 'the create answer has no data.groupid; the group may exist', call('create-group', 'POST', '/chatgroups'), {
        ambiguous: true,
      });
    }
    return String(id);
  }

  async updateGroup(id: string, settings: Settings): Promise<Partial<Record<SettingName, boolean>>> {
    const body = toWireSettings(settings);
    if (Object.keys(body).length === 0) return {};
    const answer = await this.client.modifyGroup(id, body);
    return fromWireFlags((answer.data ?? {}) as Record<string, unknown>);
  }

  async transferOwner(id: string, newOwner: string): Promise<void> {
    const answer = await this.client.transferOwner(id, newOwner);
    refuseFalse(answer.data?.newowner, call('transfer', 'PUT', groupPath(id)), `the server did not make ${newOwner} the owner`);
  }

  async addMembers(id: string, users: readonly string[]): Promise<MemberResult[]> {
    const results: MemberResult[] = [];
    for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
      results.push(...(await this.addBatch(id, users.slice(i, i + LIMITS.memberBatch))));
    }
    return results;
  }

  /**
   * The batch add answers only `newmembers`. A name left out may already have been a
   * member (say, a retry after a dropped answer), so it is checked, not assumed failed.
   */
  private async addBatch(id: string, users: readonly string[]): Promise<MemberResult[]> {
    const answer = await this.client.addMembers(id, users);
    const added = new Set((answer.data?.newmembers ?? []).map((u) => bareUser(String(u), this.key).toLowerCase()));
    return Promise.all(
      users.map(async (user): Promise<MemberResult> => {
        if (added.has(user.toLowerCase())) return { user, ok: true };
        const joined = (await this.client.isJoined(id, user)).data;
        return joined === true
          ? { user, ok: true, reason: 'already a member' }
          : { user, ok: false, reason: 'the server did not add this user' };
      }),
    );
  }

  async removeMembers(id: string, users: readonly string[]): Promise<MemberResult[]> {
    const results: MemberResult[] = [];
    for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
      const batch = users.slice(i, i + LIMITS.memberBatch);
      results.push(...readRemovalResults(batch, await this.client.removeMembers(id, batch), this.key));
    }
    return results;
  }

  async addAdmin(id: string, user: string): Promise<void> {
    const answer = await this.client.addAdmin(id, user);
    refuseFalse(answer.data?.result, call('add-admin', 'POST', `${groupPath(id)}/admin`), `the server did not make ${user} an admin`);
  }

  async removeAdmin(id: string, user: string): Promise<void> {
    const answer = await this.client.removeAdmin(id, user);
    refuseFalse(answer.data?.result, call('remove-admin', 'DELETE', `${groupPath(id)}/admin/${user}`), `the server did not demote ${user}`);
  }

  async enable(id: string): Promise<void> {
    const answer = await this.client.enableGroup(id);
    if (answer.data?.disabled === true) {
      throw new ApiError(200, 'not_done', 'the group is still disabled', call('enable', 'POST', `${groupPath(id)}/enable`));
    }
  }

  async disable(id: string): Promise<void> {
    const answer = await this.client.disableGroup(id);
    if (answer.data?.disabled === false) {
      throw new ApiError(200, 'not_done', 'the group is still enabled', call('disable', 'POST', `${groupPath(id)}/disable`));
    }
  }

  async dismiss(id: string): Promise<void> {
    const answer = await this.client.dismissGroup(id);
    refuseFalse(answer.data?.success, call('dismiss', 'DELETE', groupPath(id)), 'the server did not dismiss the group');
  }
}

function groupPath(id: string): string {
  return `/chatgroups/${encodeURIComponent(id)}`;
}

function call(kind: string, method: string, path: string): CallRef {
  return { kind, method, path };
}

/** A 200 answer that says it did not do it (`false`, `"failure"`). Absent means done. */
function refuseFalse(value: unknown, ref: CallRef, description: string): void {
  if (value === false || value === 'false' || value === 'failure') throw new ApiError(200, 'not_done', description, ref);
}

function malformedAsApiError<T>(ref: CallRef, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedAnswerError) throw new ApiError(200, 'bad_response', error.message, ref, { cause: error });
    throw error;
  }
}
