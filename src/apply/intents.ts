/**
 * Creates whose answer we never saw (a crash, or an ambiguous failure) are found again
 * by looking at the owner's groups: same owner and name, not bound to another key, and
 * not among the groups the intent recorded as existing before the create was sent.
 * Exactly one such group is ours; none means the create did not happen; several need a
 * person to choose. No clock is compared: a server clock minutes behind ours (or ahead)
 * changes nothing. Intents written before `before` existed fall back to the server's
 * `created` against our clock, with a minute of slack.
 *
 * A create with no name (the config leaves `name` out) matches any name, so it must not
 * take a group that another unfinished create of the same owner named: that group is
 * the other create's, and taking it would make the other key create its group again.
 */
import { append } from '../util/append.js';
import { bareRerun, type Rerun } from '../util/rerun.js';
import { ServiceError, type GroupService, type GroupSummary } from '../api/service.js';
import { LIMITS } from '../model/group.js';
import type { ApplyState, CreateIntent } from './apply-state.js';
import { describeError } from './describe-error.js';

/** Clock skew allowed between our clock and the server's `created`. */
const CREATED_SLACK_MS = 60_000;

/** What looking for an intent's group found: one group (ours), none (the create never happened), or several (a person must choose). */
export type IntentOutcome =
  | { kind: 'found'; id: string }
  | { kind: 'none' }
  | { kind: 'several'; ids: string[] };

/** Looks for the group an intent may have created. Reads only; changes nothing. */
export async function lookUpIntent(
  intent: CreateIntent,
  state: Pick<ApplyState, 'bindings' | 'intents'>,
  service: GroupService,
): Promise<IntentOutcome> {
  const owner = intent.owner.toLowerCase();
  const listed = await service.userGroups(intent.owner);
  // Read after the call: other groups' creates run meanwhile and bind what they made.
  const boundElsewhere = new Set<string>();
  for (const [key, binding] of state.bindings()) if (key !== intent.key) boundElsewhere.add(binding.id);
  const namedElsewhere = new Set<string>();
  for (const [key, other] of state.intents()) {
    if (key !== intent.key && other.name !== undefined && other.owner.toLowerCase() === owner) namedElsewhere.add(other.name);
  }
  const rows = new Map<string, GroupSummary>();
  for (const g of listed) {
    if (g.owner.toLowerCase() !== owner || boundElsewhere.has(g.id)) continue;
    if (intent.name !== undefined ? g.name !== intent.name : namedElsewhere.has(g.name)) continue;
    rows.set(g.id, g);
  }
  if (intent.before !== undefined) {
    const existed = new Set(intent.before);
    return outcomeOf([...rows.keys()].filter((id) => !existed.has(id)));
  }
  const created = await readCreated([...rows.values()], service);
  return outcomeOf([...rows.keys()].filter((id) => (created.get(id) ?? -Infinity) >= intent.started - CREATED_SLACK_MS));
}

function outcomeOf(candidates: string[]): IntentOutcome {
  const ids = [...candidates].sort();
  if (ids.length === 1) return { kind: 'found', id: ids[0]! };
  return ids.length === 0 ? { kind: 'none' } : { kind: 'several', ids };
}

/** The owner's groups, read once per owner per run (creates of one owner share the read). */
export type OwnerGroups = (owner: string) => Promise<GroupSummary[]>;

/** OwnerGroups over the service; an owner the service does not know has no groups. */
export function createOwnerGroups(service: GroupService): OwnerGroups {
  const reads = new Map<string, Promise<GroupSummary[]>>();
  return (owner) => {
    const key = owner.toLowerCase();
    let read = reads.get(key);
    if (!read) {
      // An owner the service does not know has no groups (and its create will be refused).
      read = service.userGroups(owner).catch((err: unknown) => {
        if (err instanceof ServiceError && err.refusal === 'not-found') return [];
        throw err;
      });
      // A failed read is not remembered: the next create of this owner tries again.
      read.catch(() => reads.delete(key));
      reads.set(key, read);
    }
    return read;
  };
}

/**
 * What an intent records as existing before its create: the owner's groups of the same
 * name, or all of the owner's groups when the create gives no name (it could match any).
 */
export function groupsBefore(listed: readonly GroupSummary[], owner: string, name: string | undefined): string[] {
  const wanted = owner.toLowerCase();
  return listed
    .filter((g) => g.owner.toLowerCase() === wanted && (name === undefined || g.name === name))
    .map((g) => g.id)
    .sort();
}

/** `created` of each row, from the row itself or, where the list left it out, from the details call. */
async function readCreated(rows: GroupSummary[], service: GroupService): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  const unknown: string[] = [];
  for (const r of rows) {
    if (r.created === undefined) unknown.push(r.id);
    else created.set(r.id, r.created);
  }
  for (let i = 0; i < unknown.length; i += LIMITS.detailsBatch) {
    const details = await service.getGroups(unknown.slice(i, i + LIMITS.detailsBatch));
    for (const [id, g] of details) if (g) created.set(id, g.created);
  }
  return created;
}

/** Words telling the user how to settle an intent that matched several groups. */
export function describeSeveral(key: string, ids: readonly string[], rerun: Rerun = bareRerun): string {
  return `${key}: an earlier create may have made one of the groups ${ids.join(', ')}; bind the right one with \`${rerun('import', [key, 'ID'])}\``;
}

/** Some intents could not be settled; the others were, and the state was saved. */
export class IntentConflictError extends Error {
  override readonly name = 'IntentConflictError';
  constructor(
    readonly problems: string[],
    readonly notes: string[],
  ) {
    super(`unfinished creates need attention:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Settles the intents an earlier run left behind; the CLI calls it before planning so
 * a create that happened is bound, not planned again. Resolves with notes of what it
 * did. Rejects with IntentConflictError when an intent matched several groups or could
 * not be looked up: planning on would risk a second create.
 *
 * Runs in passes: a twin bound in one pass is out of reach of the others, so an intent
 * that matched several groups is looked up again while a pass still settles something.
 */
export async function resolveIntents(state: ApplyState, service: GroupService, rerun: Rerun = bareRerun): Promise<string[]> {
  const notes: string[] = [];
  const failures: string[] = [];
  let unsure: string[] = [];
  // Named creates first: what they bind is then out of reach of the unnamed ones.
  let intents = [...state.intents().values()].sort((a, b) => Number(a.name === undefined) - Number(b.name === undefined));
  for (;;) {
    const pass = await resolvePass(intents, state, service, notes);
    append(failures, pass.failures);
    unsure = pass.several.map((intent) => describeSeveral(intent.key, pass.ids.get(intent.key) ?? [], rerun));
    if (pass.several.length === 0 || pass.several.length === intents.length) break;
    intents = pass.several;
  }
  if (notes.length > 0) await state.save();
  const problems = [...failures, ...unsure];
  if (problems.length > 0) throw new IntentConflictError(problems, notes);
  return notes;
}

/** One look at each intent; the ones that matched several groups are handed back to be looked at again. */
async function resolvePass(intents: CreateIntent[], state: ApplyState, service: GroupService, notes: string[]) {
  const failures: string[] = [];
  const several: CreateIntent[] = [];
  const ids = new Map<string, string[]>();
  for (const intent of intents) {
    const bound = state.bindings().get(intent.key);
    if (bound) {
      state.clearIntent(intent.key);
      notes.push(`${intent.key}: already bound to ${bound.id}; dropped the unfinished create`);
      continue;
    }
    let outcome: IntentOutcome;
    try {
      outcome = await lookUpIntent(intent, state, service);
    } catch (err) {
      failures.push(`${intent.key}: could not look for the group an earlier create may have made: ${describeError(err)}`);
      continue;
    }
    switch (outcome.kind) {
      case 'found':
        state.bind(intent.key, { id: outcome.id });
        notes.push(`${intent.key}: bound to ${outcome.id}, created by an earlier run that did not finish`);
        break;
      case 'none':
        state.clearIntent(intent.key);
        notes.push(`${intent.key}: an earlier create did not happen; it will be planned again`);
        break;
      case 'several':
        ids.set(intent.key, outcome.ids);
        several.push(intent);
        break;
    }
  }
  return { failures, several, ids };
}
