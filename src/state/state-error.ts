/** Errors of the state file: always name the file (never a secret: the state holds none). */
export class StateError extends Error {
  override readonly name: string = 'StateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
