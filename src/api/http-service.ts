/**
 * GroupService over the typed client: paging, batching and normalising happen here, so
 * live/, apply/ and export/ never see a wire shape. The public methods are fields built
 * with serviceCall, so that every failure leaves as a ServiceError.
 */
import { LIMITS, type Settings, type SettingName } from '../model/group.js';
import { ApiError, type CallRef } from './errors.js';
import type { ApiClient } from './client.js';
import { MalformedAnswerError, readDetailsBatch, readGroupId, readRemovalResults, readUser, type AppKey } from './normalise.js';
import { DEFAULT_PAGING_BOUNDS, malformedAsApiError, readGroupListPages, readMemberPages, readUserGroupPages, type PagingBounds } from './paging.js';
import type { GroupService, GroupSnapshot, GroupSummary, MemberAnswer } from './service.js';
import { serviceCall, servicePages } from './service-error.js';
import type * as W from './wire.js';
import { fromWireFlags, toWireSettings } from './setting-fields.js';

export class HttpGroupService implements GroupService {
  constructor(
    private readonly client: ApiClient,
    /** Org and app of an Easemob base URL, to strip owner prefixes exactly. */
    private readonly key: AppKey = {},
    private readonly bounds: PagingBounds = DEFAULT_PAGING_BOUNDS,
  ) {}

  readonly getGroups = serviceCall(async (ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> => {
    const result = new Map<string, GroupSnapshot | null>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += LIMITS.detailsBatch) {
      for (const [id, snapshot] of await this.detailsBatch(unique.slice(i, i + LIMITS.detailsBatch))) result.set(id, snapshot);
    }
    return result;
  });

  /**
   * One details call. A 404 for one id means it is gone; a 404 for several is not
   * documented, so the batch is halved until each 404 names one id. An answer over the
   * size cap is halved too: 100 groups of 10,000 members each is a large but real answer.
   */
  private async detailsBatch(ids: readonly string[]): Promise<Map<string, GroupSnapshot | null>> {
    let answer: W.GroupDetailsResponse;
    try {
      answer = await this.client.getGroups(ids);
    } catch (error) {
      const halve = error instanceof ApiError && (error.status === 404 || error.code === 'answer_too_large');
      if (!halve) throw error;
      if (ids.length === 1) {
        if (error.status === 404) return new Map([[ids[0]!, null]]);
        throw error;
      }
      const half = Math.ceil(ids.length / 2);
      const [a, b] = await Promise.all([this.detailsBatch(ids.slice(0, half)), this.detailsBatch(ids.slice(half))]);
      return new Map([...a, ...b]);
    }
    return malformedAsApiError({ kind: 'get-groups', method: 'GET', path: `/chatgroups/${ids.join(',')}` }, () =>
      readDetailsBatch(ids, (answer as { data?: unknown } | null)?.data, this.key),
    );
  }

  readonly getAdmins = serviceCall(async (id: string): Promise<string[]> => {
    const answer = await this.client.listAdmins(id);
    if (!Array.isArray(answer.data)) {
      throw new ApiError(200, 'bad_response', `the admin list of group ${id} is not a list`, call('list-admins', 'GET', `${groupPath(id)}/admin`));
    }
    const names = answer.data.filter((n): n is string => typeof n === 'string');
    return [...new Set(names.map((n) => readUser(n, this.key)))].sort();
  });

  readonly getMembers = serviceCall(async (id: string, announced?: number): Promise<{ owner: string; members: string[]; admins?: string[] }> => {
    const roles = await readMemberPages(this.client, id, this.key, announced, this.bounds);
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
  });

  listGroups(pageSize?: number): AsyncIterable<GroupSummary> {
    return servicePages(readGroupListPages(this.client, this.key, this.bounds, pageSize));
  }

  readonly userGroups = serviceCall((user: string): Promise<GroupSummary[]> => readUserGroupPages(this.client, user, this.key, this.bounds));

  /**
   * FACTS.md: a 404 (any body) is "no such user". A 200 counts only when it names the user,
   * so an answer of another shape never vouches for a user that is not there.
   */
  readonly userExists = serviceCall(async (user: string): Promise<boolean> => {
    let answer: W.GetUserResponse;
    try {
      answer = await this.client.getUser(user);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
    const wanted = user.toLowerCase();
    return Array.isArray(answer.entities) && answer.entities.some((e) => typeof e?.username === 'string' && e.username.toLowerCase() === wanted);
  });

  readonly createGroup = serviceCall(async (input: { settings: Settings; owner: string; members: readonly string[] }): Promise<string> => {
    const members = [...new Set(input.members)].filter((m) => m !== input.owner);
    const body: W.CreateGroupRequest = {
      ...toWireSettings(input.settings),
      // The server requires `public`; with none declared, a private group is the safe choice.
      public: input.settings.public ?? false,
      owner: input.owner,
      ...(members.length > 0 ? { members } : {}),
    };
    const answer = await this.client.createGroup(body);
    try {
      return readGroupId((answer as { data?: { groupid?: unknown } } | null)?.data?.groupid, 'the create answer');
    } catch (error) {
      if (!(error instanceof MalformedAnswerError)) throw error;
      throw new ApiError(200, 'bad_response', `${error.message}; the group may exist`, call('create-group', 'POST', '/chatgroups'), {
        ambiguous: true,
        cause: error,
      });
    }
  });

  /**
   * The name is `groupname` on modify by the doc page and both newer SDKs, `name` by
   * Java 1.x. `groupname` is sent; when the answer does not say it changed, the group is
   * read back, and only if the name is still not the wanted one is it sent again as `name`.
   */
  readonly updateGroup = serviceCall(async (id: string, settings: Settings): Promise<Partial<Record<SettingName, boolean>>> => {
    const body = toWireSettings(settings);
    if (Object.keys(body).length === 0) return {};
    const answer = await this.client.modifyGroup(id, body);
    const flags = fromWireFlags(objectOf(answer?.data));
    if (settings.name !== undefined && flags.name !== true) flags.name = await this.renameAsName(id, settings.name);
    return flags;
  });

  private async renameAsName(id: string, name: string): Promise<boolean> {
    const hasName = async () => (await this.getGroups([id])).get(id)?.settings.name === name;
    if (await hasName()) return true;
    const answer = await this.client.modifyGroup(id, { name });
    return fromWireFlags(objectOf(answer?.data)).name === true || (await hasName());
  }

  readonly transferOwner = serviceCall(async (id: string, newOwner: string): Promise<void> => {
    const answer = await this.client.transferOwner(id, newOwner);
    refuseFalse(answer.data?.newowner, call('transfer', 'PUT', groupPath(id)), `the server did not make ${newOwner} the owner`);
  });

  readonly addMembers = serviceCall(async (id: string, users: readonly string[]): Promise<MemberAnswer[]> => {
    const results: MemberAnswer[] = [];
    for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
      results.push(...(await this.addBatch(id, users.slice(i, i + LIMITS.memberBatch))));
    }
    return results;
  });

  /**
   * The batch add answers only `newmembers`. A name left out may already have been a
   * member (say, a retry after a dropped answer), so it is checked, not assumed failed.
   */
  private async addBatch(id: string, users: readonly string[]): Promise<MemberAnswer[]> {
    const answer = await this.client.addMembers(id, users);
    const newmembers: unknown = (answer as { data?: { newmembers?: unknown } } | null)?.data?.newmembers;
    const added = new Set((Array.isArray(newmembers) ? newmembers : []).filter((u): u is string => typeof u === 'string').map((u) => readUser(u, this.key)));
    return Promise.all(
      users.map(async (user): Promise<MemberAnswer> => {
        if (added.has(user.toLowerCase())) return { user, ok: true };
        const joined = (await this.client.isJoined(id, user)).data;
        return joined === true
          ? { user, ok: true, reason: 'already a member' }
          : { user, ok: false, reason: 'the server did not add this user' };
      }),
    );
  }

  readonly removeMembers = serviceCall(async (id: string, users: readonly string[]): Promise<MemberAnswer[]> => {
    const results: MemberAnswer[] = [];
    for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
      const batch = users.slice(i, i + LIMITS.memberBatch);
      results.push(...readRemovalResults(batch, await this.client.removeMembers(id, batch), this.key));
    }
    return results;
  });

  readonly addAdmin = serviceCall(async (id: string, user: string): Promise<void> => {
    const answer = await this.client.addAdmin(id, user);
    refuseFalse(answer.data?.result, call('add-admin', 'POST', `${groupPath(id)}/admin`), `the server did not make ${user} an admin`);
  });

  readonly removeAdmin = serviceCall(async (id: string, user: string): Promise<void> => {
    const answer = await this.client.removeAdmin(id, user);
    refuseFalse(answer.data?.result, call('remove-admin', 'DELETE', `${groupPath(id)}/admin/${user}`), `the server did not demote ${user}`);
  });

  readonly enable = serviceCall(async (id: string): Promise<void> => {
    const answer = await this.client.enableGroup(id);
    if (answer.data?.disabled === true) {
      throw new ApiError(200, 'not_done', 'the group is still disabled', call('enable', 'POST', `${groupPath(id)}/enable`));
    }
  });

  readonly disable = serviceCall(async (id: string): Promise<void> => {
    const answer = await this.client.disableGroup(id);
    if (answer.data?.disabled === false) {
      throw new ApiError(200, 'not_done', 'the group is still enabled', call('disable', 'POST', `${groupPath(id)}/disable`));
    }
  });

  readonly dismiss = serviceCall(async (id: string): Promise<void> => {
    const answer = await this.client.dismissGroup(id);
    refuseFalse(answer.data?.success, call('dismiss', 'DELETE', groupPath(id)), 'the server did not dismiss the group');
  });
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

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
