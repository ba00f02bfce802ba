/**
 * The error a GroupService call fails with, read once on the API side so that apply
 * branches on what happened (refused, ambiguous...), never on HTTP statuses or words.
 *
 * It extends ApiError and keeps its name, message and fields: a library user or the CLI
 * that catches ApiError (and its status hints) sees the same error as before.
 */
import { answerText, ApiError } from './errors.js';

/** What a failed call means for the state of the service. */
export type ServiceErrorReason =
  /** The service answered no (a 4xx, or a 200 that says it did not do it): nothing changed. */
  | 'refused'
  /** No clear answer to a call that is not safe to repeat: it may or may not have taken effect. */
  | 'ambiguous'
  /** No usable answer (5xx, no answer, retries given up): nothing is known to have changed; a later run may succeed. */
  | 'transient'
  /** The service answered in a shape we cannot read. */
  | 'malformed';

/** Why a refusal happened, where the engine acts on it. */
export type Refusal =
  /** The group or user the call names does not exist (404). */
  | 'not-found'
  /** The group is disabled, and the service refuses changes to it. */
  | 'group-disabled';

/** A failed GroupService call: what happened (`reason`, `refusal`) beside the ApiError's own fields. */
export class ServiceError extends ApiError {
  readonly reason: ServiceErrorReason;
  /** Set only when `reason` is `refused` and the engine has a use for why. */
  readonly refusal: Refusal | undefined;

  constructor(...args: ConstructorParameters<typeof ApiError>) {
    super(...args);
    this.reason = reasonOf(this);
    this.refusal = this.reason === 'refused' ? refusalOf(this) : undefined;
  }

  /** The same failure as the HTTP layer raised it, read for the engine. */
  static from(error: ApiError): ServiceError {
    if (error instanceof ServiceError) return error;
    const mapped = new ServiceError(error.status, error.code, error.description, error.call, {
      cause: error.cause,
      ambiguous: error.ambiguous,
      attempts: error.attempts,
      stoppedRetrying: error.stoppedRetrying,
    });
    // Where the failure happened is more use to a debugging reader than where it was mapped.
    mapped.stack = error.stack;
    return mapped;
  }

  /** The API's answer in a few words: `403 forbidden_op: user: bob doesn't exist in group: 123`. */
  get answer(): string {
    return answerText(this.status, this.code, this.description, this.stoppedRetrying);
  }
}

/**
 * The one mapping HttpGroupService's methods go through: the engine sees a ServiceError
 * (what happened), never the transport's ApiError. Other errors are bugs and pass as they are.
 */
export function serviceCall<A extends unknown[], R>(method: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await method(...args);
    } catch (error) {
      throw error instanceof ApiError ? ServiceError.from(error) : error;
    }
  };
}

/** serviceCall for a paged list, whose calls fail while it is read. */
export async function* servicePages<T>(pages: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* pages;
  } catch (error) {
    throw error instanceof ApiError ? ServiceError.from(error) : error;
  }
}

function reasonOf(error: ApiError): ServiceErrorReason {
  if (error.ambiguous) return 'ambiguous';
  if (error.status >= 400 && error.status < 500) return 'refused';
  if (error.status >= 200 && error.status < 300) return error.code === 'not_done' ? 'refused' : 'malformed';
  return 'transient';
}

function refusalOf(error: ApiError): Refusal | undefined {
  return error.kind === 'not-found' || error.kind === 'group-disabled' ? error.kind : undefined;
}
