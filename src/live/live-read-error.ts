/**
 * One error for a whole live read: every group that could not be read, with the API's
 * words, so a user sees all failures at once (peribolos collects, it does not stop at
 * the first).
 */

/** A group that could not be read and the error that stopped it. */
export interface LiveReadFailure {
  id: string;
  error: unknown;
}

export class LiveReadError extends Error {
  override readonly name = 'LiveReadError';
  /** Failing group ids, in the order they were asked for. */
  readonly ids: readonly string[];

  constructor(readonly failures: readonly LiveReadFailure[]) {
    const causes = uniqueErrors(failures);
    super(describeFailures(failures), {
      cause: causes.length === 1 ? causes[0] : new AggregateError(causes, 'live read failures'),
    });
    this.ids = failures.map((f) => f.id);
  }
}

/**
 * A failed details call fails every id of its batch with the same error: those ids are
 * listed together after the message once, instead of one line per id.
 */
function describeFailures(failures: readonly LiveReadFailure[]): string {
  const idsByError = new Map<unknown, string[]>();
  for (const { id, error } of failures) {
    const ids = idsByError.get(error);
    if (ids === undefined) idsByError.set(error, [id]);
    else ids.push(id);
  }
  const lines = [...idsByError].map(([error, ids]) => {
    const label = ids.length === 1 ? 'group' : 'groups';
    return `  ${label} ${ids.join(', ')}: ${messageOf(error)}`;
  });
  const count = failures.length === 1 ? '1 live group' : `${failures.length} live groups`;
  return `could not read ${count}:\n${lines.join('\n')}`;
}

function uniqueErrors(failures: readonly LiveReadFailure[]): unknown[] {
  return [...new Set(failures.map((f) => f.error))];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
