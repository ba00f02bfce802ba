/**
 * Typed wire-level calls: one method per call of both doc pages, plus the members, users
 * and token calls of FACTS.md. Bodies and answers are the wire shapes of wire.ts; what
 * they mean is for the normaliser and HttpGroupService. Kinds and paths are calls.ts's.
 */
import { LIMITS } from '../model/group.js';
import { CALLS, withQuery, type ApiCall } from './calls.js';
import type { Transport } from './transport.js';
import type * as W from './wire.js';

/** FACTS.md: keep the batch-removal URL under 4 KB. */
export const MAX_URL_LENGTH = 4096;
/** Names a block-list page asks for where the server pages it (Agora's `pageSize`). */
const LIST_PAGE_SIZE = 100;


export class ApiClient {
  constructor(private readonly transport: Transport) {}

  /** Not safe to repeat: a second create after a lost answer makes a second group. */
  createGroup(body: W.CreateGroupRequest): Promise<W.CreateGroupResponse> {
    return this.transport.request({ ...CALLS.createGroup(), body, safeToRepeat: false });
  }

  /** Changed settings only; the answer says per field whether it took. */
  modifyGroup(id: string, body: W.ModifyGroupRequest): Promise<W.ModifyGroupResponse> {
    return this.transport.request({ ...CALLS.modifyGroup(id), body });
  }

  /** The same PUT as modify, with `newowner` as its only field. */
  transferOwner(id: string, newowner: string): Promise<W.TransferOwnerResponse> {
    const body: W.TransferOwnerRequest = { newowner };
    return this.transport.request({ ...CALLS.transferOwner(id), body });
  }

  /** Deletes the group for good. */
  dismissGroup(id: string): Promise<W.DismissGroupResponse> {
    return this.transport.request(CALLS.dismissGroup(id));
  }

  /** The group stays, but the service refuses changes to it. */
  disableGroup(id: string): Promise<W.DisableGroupResponse> {
    return this.transport.request(CALLS.disableGroup(id));
  }

  /** Undoes disableGroup. */
  enableGroup(id: string): Promise<W.DisableGroupResponse> {
    return this.transport.request(CALLS.enableGroup(id));
  }

  /** Mute all: only the owner, admins and the allow list may speak. */
  muteAll(id: string): Promise<W.MuteAllResponse> {
    return this.transport.request(CALLS.muteAll(id));
  }

  /** Undoes muteAll. */
  unmuteAll(id: string): Promise<W.MuteAllResponse> {
    return this.transport.request(CALLS.unmuteAll(id));
  }

  /** The group's announcement (one GET per group). */
  getAnnouncement(id: string): Promise<W.GetAnnouncementResponse> {
    return this.transport.request(CALLS.getAnnouncement(id));
  }

  /** Replaces the announcement (at most 512 characters); idempotent. */
  setAnnouncement(id: string, announcement: string): Promise<W.SetAnnouncementResponse> {
    return this.transport.request({ ...CALLS.setAnnouncement(id), body: { announcement } });
  }

  /** Details of 1..100 groups in one call. */
  async getGroups(ids: readonly string[]): Promise<W.GroupDetailsResponse> {
    checkCount('getGroups', ids.length, LIMITS.detailsBatch);
    return this.transport.request(CALLS.getGroups(ids));
  }

  /** One page of the app's groups; `limit` 1..1000 (default LIMITS.listPage). */
  listGroups(limit: number, cursor?: string): Promise<W.ListGroupsResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.transport.request(withQuery(CALLS.listGroups(), query));
  }

  /** One page of a user's groups; `pagesize` 1..20, `pagenum` from 0. */
  userGroups(user: string, pagesize: number, pagenum: number): Promise<W.UserGroupsResponse> {
    const query = new URLSearchParams({ pagesize: String(pagesize), pagenum: String(pagenum) });
    return this.transport.request(withQuery(CALLS.userGroups(user), query));
  }

  /** Whether one user is in the group: checks a name a batch add left out of its answer. */
  isJoined(id: string, user: string): Promise<W.IsJoinedResponse> {
    return this.transport.request(CALLS.isJoined(id, user));
  }

  /** The admins, for servers whose details do not name them. */
  listAdmins(id: string): Promise<W.ListAdminsResponse> {
    return this.transport.request(CALLS.listAdmins(id));
  }

  /** The user must already be a member. */
  addAdmin(id: string, user: string): Promise<W.AddAdminResponse> {
    const body: W.AddAdminRequest = { newadmin: user };
    return this.transport.request({ ...CALLS.addAdmin(id), body });
  }

  /** Demotes to member; the user stays in the group. */
  removeAdmin(id: string, user: string): Promise<W.RemoveAdminResponse> {
    return this.transport.request(CALLS.removeAdmin(id, user));
  }

  /** One page of members; `pagenum` from 1, `pagesize` 1..1000. */
  listMembers(id: string, pagenum: number, pagesize: number): Promise<W.ListMembersResponse> {
    const query = new URLSearchParams({ pagenum: String(pagenum), pagesize: String(pagesize) });
    return this.transport.request(withQuery(CALLS.listMembers(id), query));
  }

  /** One name; the batch call is addMembers. */
  addMember(id: string, user: string): Promise<W.AddMemberResponse> {
    return this.transport.request(CALLS.addMember(id, user));
  }

  /** 1..60 names in one call. */
  async addMembers(id: string, users: readonly string[]): Promise<W.AddMembersResponse> {
    checkCount('addMembers', users.length, LIMITS.memberBatch);
    const body: W.AddMembersRequest = { usernames: [...users] };
    return this.transport.request({ ...CALLS.addMembers(id), body });
  }

  /** One name; the batch call is removeMembers. */
  removeMember(id: string, user: string): Promise<W.RemoveMemberResponse> {
    return this.transport.request(CALLS.removeMember(id, user));
  }

  /**
   * Remove 1..60 names. The server answers one object for one name and an array for
   * more; this always gives the array. Names are split over several calls when one URL
   * would reach 4 KB (valid user ids never do; names that need escaping might).
   */
  async removeMembers(id: string, users: readonly string[]): Promise<W.MemberResult[]> {
    checkCount('removeMembers', users.length, LIMITS.memberBatch);
    return this.deleteNames(CALLS.removeMembers(id), users);
  }

  /** The allow list (`white/users`) or the block list of a group; the block list may page by `cursor` (Agora). */
  getList(list: W.UserList, id: string, cursor?: string): Promise<W.UserListResponse> {
    const call = list === 'allow' ? CALLS.listAllow(id) : CALLS.listBlocks(id);
    if (list === 'allow') return this.transport.request(call);
    const query = new URLSearchParams({ pageSize: String(LIST_PAGE_SIZE) });
    if (cursor !== undefined) query.set('cursor', cursor);
    return this.transport.request(withQuery(call, query));
  }

  /** 1..60 names onto the allow or block list: one row per name. */
  async addToList(list: W.UserList, id: string, users: readonly string[]): Promise<W.MemberResult[]> {
    checkCount(`add to the ${list} list`, users.length, LIMITS.memberBatch);
    const body: W.AddMembersRequest = { usernames: [...users] };
    const answer = await this.transport.request<W.UserListWriteResponse>({ ...(list === 'allow' ? CALLS.addAllow(id) : CALLS.addBlocks(id)), body });
    return Array.isArray(answer.data) ? answer.data : [answer.data];
  }

  /** 1..60 names off the allow or block list (names in the path, as the batch member remove). */
  async removeFromList(list: W.UserList, id: string, users: readonly string[]): Promise<W.MemberResult[]> {
    checkCount(`remove from the ${list} list`, users.length, LIMITS.memberBatch);
    return this.deleteNames(list === 'allow' ? CALLS.removeAllow(id) : CALLS.removeBlocks(id), users);
  }

  /** A DELETE naming users in the path, cut so no URL reaches 4 KB; one object for one name, an array for more. */
  private async deleteNames(prefix: ApiCall, users: readonly string[]): Promise<W.MemberResult[]> {
    const room = MAX_URL_LENGTH - 1 - (this.transport.base.origin + this.transport.base.basePath + prefix.path).length;
    const results: W.MemberResult[] = [];
    for (const chunk of chunkByLength(users.map(encodeURIComponent), room)) {
      const answer = await this.transport.request<W.RemoveMembersResponse>({ ...prefix, path: prefix.path + chunk.join(',') });
      results.push(...(Array.isArray(answer.data) ? answer.data : [answer.data]));
    }
    return results;
  }

  /** Register 1..60 users (the emulator and tests need them; groupctl does not manage users). */
  async registerUsers(users: readonly W.RegisterUser[]): Promise<W.RegisterUsersResponse> {
    checkCount('registerUsers', users.length, LIMITS.memberBatch);
    return this.transport.request({ ...CALLS.registerUsers(), body: users, safeToRepeat: false });
  }

  /** One user; a 404 means there is no such user (FACTS.md "Users"). */
  getUser(username: string): Promise<W.GetUserResponse> {
    return this.transport.request(CALLS.getUser(username));
  }

  /** POST {base}/token: no Bearer; through the same limiter as every call. */
  token(body: W.TokenRequest): Promise<W.TokenResponse> {
    return this.transport.request({ ...CALLS.token(), body, authenticated: false });
  }

  /** POST {base}/token `{"grant_type":"agora"}` with the built Agora token as Bearer (Java 1.x). */
  exchangeAgoraToken(agoraToken: string): Promise<W.TokenResponse> {
    const body: W.AgoraExchangeRequest = { grant_type: 'agora' };
    return this.transport.request({ ...CALLS.token(), body, bearer: agoraToken });
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
