/**
 * A refusal by the emulated service: the HTTP status, the API's `error` code and its
 * `error_description`, exactly as the server layer will put them on the wire.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${status} ${error}: ${description}`);
  }
}
