/**
 * The live counts `limits:` needs (plan/limit-errors.ts): the app's groups, and the groups
 * each create's owner belongs to. Read only when the config states the limit and the plan
 * creates something, so a plan without `limits:` makes no extra call.
 */
import pLimit from 'p-limit';
import { ServiceError, type GroupService } from '../api/service.js';

/** Every group of the app: one pass over the group list. */
export async function countAppGroups(service: GroupService): Promise<number> {
  let count = 0;
  for await (const _ of service.listGroups()) count += 1;
  return count;
}

/** By lowercased user: how many groups each belongs to; a user the service does not know belongs to none. */
export async function countUserGroups(service: GroupService, users: Iterable<string>, groupsAtOnce: number): Promise<Map<string, number>> {
  const unique = [...new Set([...users].map((u) => u.toLowerCase()))].sort();
  const limit = pLimit(Math.max(1, groupsAtOnce));
  const counts = await Promise.all(
    unique.map((user) =>
      limit(() =>
        service.userGroups(user).then(
          (groups) => groups.length,
          (err: unknown) => {
            // The missing-user check reports an owner the app does not have.
            if (err instanceof ServiceError && err.refusal === 'not-found') return 0;
            throw err;
          },
        ),
      ),
    ),
  );
  return new Map(unique.map((user, i) => [user, counts[i]!]));
}
