/**
 * GroupService over the typed client: paging, batching and normalising happen in
 * group-reads.ts / paging.ts (reads) and group-writes.ts (writes), so live/, apply/ and
 * export/ never see a wire shape. The public methods are fields built with serviceCall,
 * so that every failure leaves as a ServiceError.
 */
import type { Settings } from '../model/group.js';
import type { ApiClient } from './client.js';
import { readAdmins, readGroups, readMembers, readUserExists, type ServiceContext } from './group-reads.js';
import * as writes from './group-writes.js';
import * as features from './group-features.js';
import type { AppKey } from './read-users.js';
import { DEFAULT_PAGING_BOUNDS, readGroupListPages, readUserGroupPages, type PagingBounds } from './paging.js';
import type { DetailsOptions, GroupService, GroupSummary } from './service.js';
import { serviceCall, servicePages } from './service-error.js';

export class HttpGroupService implements GroupService {
  private readonly ctx: ServiceContext;

  constructor(
    client: ApiClient,
    /** Org and app of an Easemob base URL, to strip owner prefixes exactly. */
    key: AppKey = {},
    bounds: PagingBounds = DEFAULT_PAGING_BOUNDS,
  ) {
    this.ctx = { client, key, bounds };
  }

  readonly getGroups = serviceCall((ids: readonly string[], options?: DetailsOptions) => readGroups(this.ctx, ids, options));
  readonly getAdmins = serviceCall((id: string) => readAdmins(this.ctx, id));
  readonly getMembers = serviceCall((id: string, announced?: number) => readMembers(this.ctx, id, announced));

  listGroups(pageSize?: number): AsyncIterable<GroupSummary> {
    return servicePages(readGroupListPages(this.ctx.client, this.ctx.key, this.ctx.bounds, pageSize));
  }

  readonly userGroups = serviceCall((user: string) => readUserGroupPages(this.ctx.client, user, this.ctx.key, this.ctx.bounds));
  readonly userExists = serviceCall((user: string) => readUserExists(this.ctx, user));
  readonly getAnnouncement = serviceCall((id: string) => features.readAnnouncement(this.ctx, id));
  readonly getAllowList = serviceCall((id: string) => features.readList(this.ctx, 'allow', id));
  readonly getBlockList = serviceCall((id: string) => features.readList(this.ctx, 'block', id));

  readonly createGroup = serviceCall((input: Parameters<GroupService['createGroup']>[0]) => writes.createGroup(this.ctx, input));
  readonly updateGroup = serviceCall((id: string, settings: Settings) => writes.updateGroup(this.ctx, id, settings));
  readonly transferOwner = serviceCall((id: string, newOwner: string) => writes.transferOwner(this.ctx, id, newOwner));
  readonly addMembers = serviceCall((id: string, users: readonly string[]) => writes.addMembers(this.ctx, id, users));
  readonly removeMembers = serviceCall((id: string, users: readonly string[]) => writes.removeMembers(this.ctx, id, users));
  readonly addAdmin = serviceCall((id: string, user: string) => writes.addAdmin(this.ctx, id, user));
  readonly removeAdmin = serviceCall((id: string, user: string) => writes.removeAdmin(this.ctx, id, user));
  readonly enable = serviceCall((id: string) => writes.enableGroup(this.ctx, id));
  readonly disable = serviceCall((id: string) => writes.disableGroup(this.ctx, id));
  readonly setAnnouncement = serviceCall((id: string, text: string) => features.writeAnnouncement(this.ctx, id, text));
  readonly addAllow = serviceCall((id: string, users: readonly string[]) => features.writeList(this.ctx, 'allow', 'add', id, users));
  readonly removeAllow = serviceCall((id: string, users: readonly string[]) => features.writeList(this.ctx, 'allow', 'remove', id, users));
  readonly block = serviceCall((id: string, users: readonly string[]) => features.writeList(this.ctx, 'block', 'add', id, users));
  readonly unblock = serviceCall((id: string, users: readonly string[]) => features.writeList(this.ctx, 'block', 'remove', id, users));
  readonly muteAll = serviceCall((id: string) => writes.setMuteAll(this.ctx, id, true));
  readonly unmuteAll = serviceCall((id: string) => writes.setMuteAll(this.ctx, id, false));
  readonly dismiss = serviceCall((id: string) => writes.dismissGroup(this.ctx, id));
}
