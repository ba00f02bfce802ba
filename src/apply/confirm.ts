/**
 * Fresh reads that confirm a wanted state. An "already" answer (already a member, not
 * an admin, same owner...) is only trusted once the server shows the wanted state: the
 * message text alone never marks a step done.
 */
import { ServiceError, type GroupService, type GroupSnapshot } from '../api/service.js';
import { describeError } from './describe-error.js';

/** What a unit of work came to: a failure always says why; either may carry a note for a person. */
export type Outcome = { status: 'done'; note?: string } | { status: 'failed'; error: string; note?: string };

/** A step that did what it should, with nothing to tell. */
export const DONE: Outcome = { status: 'done' };

/** A failed step, in the words of its error (describe-error.ts), so every failure names its cause. */
export function failed(err: unknown, note?: string): Outcome {
  return note === undefined
    ? { status: 'failed', error: describeError(err) }
    : { status: 'failed', error: describeError(err), note };
}

/** A fresh read of one group; null when it no longer exists. */
export async function readGroup(service: GroupService, id: string): Promise<GroupSnapshot | null> {
  return (await service.getGroups([id])).get(id) ?? null;
}

/** Owner and every other member (admins included), complete even past the details call's cap. */
export async function readMembership(
  service: GroupService,
  id: string,
): Promise<{ owner: string; members: Set<string> } | null> {
  const g = await readGroup(service, id);
  if (!g) return null;
  const members = g.membersComplete ? g.members : (await service.getMembers(id, g.announcedMembers)).members;
  return { owner: g.owner.toLowerCase(), members: new Set(members.map((m) => m.toLowerCase())) };
}

/**
 * Runs a call; when the server refuses it, asks `holds` whether the wanted state is
 * there anyway (a retried or stale step) and then counts it done, with a note.
 * Only a ServiceError is a server answer; anything else is a bug and fails the step.
 */
export async function callOrConfirm(
  call: () => Promise<unknown>,
  holds: () => Promise<boolean>,
  already: string,
): Promise<Outcome> {
  try {
    await call();
    return DONE;
  } catch (err) {
    if (!(err instanceof ServiceError)) return failed(err);
    let confirmed = false;
    try {
      confirmed = await holds();
    } catch {
      // The refusal is the error worth reporting, not the read that tried to explain it.
    }
    return confirmed ? { status: 'done', note: alreadyNote(already, describeError(err)) } : failed(err);
  }
}

/** The note of a refused call whose wanted state a fresh read confirmed: it keeps the server's words. */
export function alreadyNote(already: string, answer: string): string {
  return `${already} (confirmed by a fresh read; the server answered ${answer})`;
}
