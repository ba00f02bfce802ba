/**
 * Which of the users a plan would add do not exist in the app: one `GET /users/{username}`
 * per distinct user, several at once (the client's limiter keeps to the rate limit).
 */
import pLimit from 'p-limit';
import type { GroupService } from '../api/service.js';

/** The users (lowercased, sorted) the app does not have. */
export async function findMissingUsers(service: GroupService, users: Iterable<string>, groupsAtOnce: number): Promise<string[]> {
  const unique = [...new Set([...users].map((u) => u.toLowerCase()))].sort();
  const limit = pLimit(Math.max(1, groupsAtOnce));
  const exists = await Promise.all(unique.map((user) => limit(() => service.userExists(user))));
  return unique.filter((_, i) => !exists[i]);
}
