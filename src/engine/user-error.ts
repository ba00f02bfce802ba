/** A problem the user can fix (bad input, a refused plan): the CLI prints its message alone and exits 1. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
