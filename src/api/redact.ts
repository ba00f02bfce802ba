/**
 * Secrets (tokens, client secret, app certificate) never appear in output, logs or error
 * text (CONTRACT.md). Every error message the API layer builds passes through here.
 */

const MASK = '***';
/** Shorter strings would mask ordinary words; no real secret is this short. */
const MIN_SECRET_LENGTH = 4;

/** Replace every known secret, and any Bearer credential, by `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  const known = [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(MASK);
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`);
}

/** The secrets of one connection; tokens join as they are issued. */
export class SecretSet implements Iterable<string> {
  private readonly secrets = new Set<string>();

  constructor(initial: Iterable<string | undefined> = []) {
    for (const s of initial) this.add(s);
  }

  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.secrets[Symbol.iterator]();
  }
}
