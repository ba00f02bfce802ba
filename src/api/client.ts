/**
 * Typed wire-level calls: one method per call of both doc pages, plus the members, users
 * and token calls of FACTS.md. Bodies and answers are the wire shapes of wire.ts; what
 * they mean is for the normaliser and HttpGroupService.
 */
import { LIMITS } from '../model/group.js';
import type { Transport } from './transport.js';
import type * as W from './wire.js';

/** FACTS.md: keep the batch-removal URL under 4 KB. */
export const MAX_URL_LENGTH = 4096;

const seg = encodeURIComponent;

export class ApiClient {
  constructor(private readonly transport: Transport) {}

  createGroup(body: W.CreateGroupRequest): Promise<W.CreateGroupResponse> {
    return this.transport.request({ kind: 'create-group', method: 'POST', path: '/chatgroups', body, safeToRepeat: false });
  }

  modifyGroup(id: string, body: W.ModifyGroupRequest): Promise<W.ModifyGroupResponse> {
    return this.transport.request({ kind: 'modify-group', method: 'PUT', path: `/chatgroups/${seg(id)}`, body });
  }

  transferOwner(id: string, newowner: string): Promise<W.TransferOwnerResponse> {
    const body: W.TransferOwnerRequest = { newowner };
    return this.transport.request({ kind: 'transfer', method: 'PUT', path: `/chatgroups/${seg(id)}`, body });
  }

  dismissGroup(id: string): Promise<W.DismissGroupResponse> {
    return this.transport.request({ kind: 'dismiss', method: 'DELETE', path: `/chatgroups/${seg(id)}` });
  }

  disableGroup(id: string): Promise<W.DisableGroupResponse> {
    return this.transport.request({ kind: 'disable', method: 'POST', path: `/chatgroups/${seg(id)}/disable` });
  }

  enableGroup(id: string): Promise<W.DisableGroupResponse> {
    return this.transport.request({ kind: 'enable', method: 'POST', path: `/chatgroups/${seg(id)}/enable` });
  }

  /** Details of 1..100 groups in one call. */
  async getGroups(ids: readonly string[]): Promise<W.GroupDetailsResponse> {
    checkCount('getGroups', ids.length, LIMITS.detailsBatch);
    return this.transport.request({ kind: 'get-groups', method: 'GET', path: `/chatgroups/${ids.map(seg).join(',')}` });
  }

  /** One page of the app's groups; `limit` 1..1000 (default LIMITS.listPage). */
  listGroups(limit: number, cursor?: string): Promise<W.ListGroupsResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.transport.request({ kind: 'list-groups', method: 'GET', path: `/chatgroups?${query}` });
  }

  /** One page of a user's groups; `pagesize` 1..20, `pagenum` from 0. */
  userGroups(user: string, pagesize: number, pagenum: number): Promise<W.UserGroupsResponse> {
    const query = new URLSearchParams({ pagesize: String(pagesize), pagenum: String(pagenum) });
    return this.transport.request({ kind: 'user-groups', method: 'GET', path: `/chatgroups/user/${seg(user)}?${query}` });
  }

  isJoined(id: string, user: string): Promise<W.IsJoinedResponse> {
    return this.transport.request({ kind: 'is-joined', method: 'GET', path: `/chatgroups/${seg(id)}/user/${seg(user)}/is_joined` });
  }

  listAdmins(id: string): Promise<W.ListAdminsResponse> {
    return this.transport.request({ kind: 'list-admins', method: 'GET', path: `/chatgroups/${seg(id)}/admin` });
  }

  addAdmin(id: string, user: string): Promise<W.AddAdminResponse> {
    const body: W.AddAdminRequest = { newadmin: user };
    return this.transport.request({ kind: 'add-admin', method: 'POST', path: `/chatgroups/${seg(id)}/admin`, body });
  }

  removeAdmin(id: string, user: string): Promise<W.RemoveAdminResponse> {
    return this.transport.request({ kind: 'remove-admin', method: 'DELETE', path: `/chatgroups/${seg(id)}/admin/${seg(user)}` });
  }

  /** One page of members; `pagenum` from 1, `pagesize` 1..1000. */
  listMembers(id: string, pagenum: number, pagesize: number): Promise<W.ListMembersResponse> {
    const query = new URLSearchParams({ pagenum: String(pagenum), pagesize: String(pagesize) });
    return this.transport.request({ kind: 'list-members', method: 'GET', path: `/chatgroups/${seg(id)}/users?${query}` });
  }

  addMember(id: string, user: string): Promise<W.AddMemberResponse> {
    return this.transport.request({ kind: 'add-member', method: 'POST', path: `/chatgroups/${seg(id)}/users/${seg(user)}` });
  }

  /** 1..60 names in one call. */
  async addMembers(id: string, users: readonly string[]): Promise<W.AddMembersResponse> {
    checkCount('addMembers', users.length, LIMITS.memberBatch);
    const body: W.AddMembersRequest = { usernames: [...users] };
    return this.transport.request({ kind: 'add-members', method: 'POST', path: `/chatgroups/${seg(id)}/users`, body });
  }

  removeMember(id: string, user: string): Promise<W.RemoveMemberResponse> {
    return this.transport.request({ kind: 'remove-member', method: 'DELETE', path: `/chatgroups/${seg(id)}/users/${seg(user)}` });
  }

  /**
   * Remove 1..60 names. The server answers one object for one name and an array for
   * more; this always gives the array. Names are split over several calls when one URL
   * would reach 4 KB (valid user ids never do; names that need escaping might).
   */
  async removeMembers(id: string, users: readonly string[]): Promise<W.MemberResult[]> {
    checkCount('removeMembers', users.length, LIMITS.memberBatch);
    const prefix = `/chatgroups/${seg(id)}/users/`;
    const room = MAX_URL_LENGTH - 1 - (this.transport.base.origin + this.transport.base.basePath + prefix).length;
    const results: W.MemberResult[] = [];
    for (const chunk of chunkByLength(users.map(seg), room)) {
      const answer = await this.transport.request<W.RemoveMembersResponse>({
        kind: 'remove-members',
        method: 'DELETE',
        path: prefix + chunk.join(','),
      });
      results.push(...(Array.isArray(answer.data) ? answer.data : [answer.data]));
    }
    return results;
  }

  /** Register 1..60 users (the emulator and tests need them; groupctl does not manage users). */
  async registerUsers(users: readonly W.RegisterUser[]): Promise<W.RegisterUsersResponse> {
    checkCount('registerUsers', users.length, LIMITS.memberBatch);
    return this.transport.request({ kind: 'register-users', method: 'POST', path: '/users', body: users, safeToRepeat: false });
  }

  /** One user; a 404 means there is no such user (FACTS.md "Users"). */
  getUser(username: string): Promise<W.GetUserResponse> {
    return this.transport.request({ kind: 'get-user', method: 'GET', path: `/users/${seg(username)}` });
  }

  /** POST {base}/token: no Bearer; through the same limiter as every call. */
  token(body: W.TokenRequest): Promise<W.TokenResponse> {
    return this.transport.request({ kind: 'token', method: 'POST', path: '/token', body, authenticated: false });
  }

  /** POST {base}/token `{"grant_type":"agora"}` with the built Agora token as Bearer (Java 1.x). */
  exchangeAgoraToken(agoraToken: string): Promise<W.TokenResponse> {
    const body: W.AgoraExchangeRequest = { grant_type: 'agora' };
    return this.transport.request({ kind: 'token', method: 'POST', path: '/token', body, bearer: agoraToken });
  }
}

function checkCount(call: string, n: number, max: number): void {
  if (n < 1 || n > max) throw new RangeError(`${call} takes 1 to ${max} names a call, got ${n}`);
}

/** Encoded names in order, grouped so that each comma-joined group fits in `room` characters. */
export function chunkByLength(names: readonly string[], room: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const name of names) {
    if (name.length > room) throw new RangeError(`a user name of ${name.length} characters cannot fit in one URL`);
    const added = current.length === 0 ? name.length : length + 1 + name.length;
    if (added > room) {
      chunks.push(current);
      current = [name];
      length = name.length;
    } else {
      current.push(name);
      length = added;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
