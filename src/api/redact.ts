/**
 * Secrets (tokens, client secret, app certificate) never appear in output, logs or error
 * text (CONTRACT.md). Every error message the API layer builds passes through here.
 */

const MASK = '***';
/** Shorter strings would mask ordinary words; no real secret is this short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replace every known secret, and any Bearer credential, by `***`. A server may echo a
 * secret in another spelling than the one we sent: JSON-escaped inside a JSON string
 * (`\/`, `\"`, `\u002b`), or URL-encoded in a path or form body; each is masked too.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  return maskForms(text, formsOf(secrets));
}

/** Every spelling of every secret, longest first, so a longer form is masked whole. */
function formsOf(secrets: Iterable<string>): string[] {
  const known = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of spellings(secret)) known.add(form);
  }
  return [...known].sort((a, b) => b.length - a.length);
}

function maskForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
  return out.replace(BEARER, (whole, scheme: string, credential: string) => (looksLikeCredential(credential) ? `${scheme}${MASK}` : whole));
}

const BEARER = /(Bearer\s+)([^\s"',;]+)/gi;

/**
 * A word after "bearer" in prose ("accepted bearer token") is not a credential: only a
 * string no dictionary word looks like (a digit, a capital, a symbol, or 16 characters and
 * more) is masked, so help and error texts keep their words.
 */
function looksLikeCredential(word: string): boolean {
  return word.length >= 16 || /[^a-z]/.test(word);
}

/** The secret as sent, and as a server might echo it back. */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = [encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), encodeURI(secret)];
  const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return [secret, json, json.replace(/\//g, '\\/'), asciiJson(secret, false), asciiJson(secret, true), ...url, ...url.map(lowerHex)];
}

/** JSON with every non-alphanumeric character as `\uXXXX` (what some encoders emit for `+`, `/`, `=`). */
function asciiJson(secret: string, upperHex: boolean): string {
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');
  return [...secret].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${upperHex ? hex(c).toUpperCase() : hex(c)}`)).join('');
}

/** The secrets of one connection; tokens join as they are issued. */
export class SecretSet implements Iterable<string> {
  private readonly secrets = new Set<string>();
  private forms: string[] | undefined;

  constructor(initial: Iterable<string | undefined> = []) {
    for (const s of initial) this.add(s);
  }

  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH && !this.secrets.has(secret)) {
      this.secrets.add(secret);
      this.forms = undefined;
    }
  }

  redact(text: string): string {
    this.forms ??= formsOf(this.secrets);
    return maskForms(text, this.forms);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.secrets[Symbol.iterator]();
  }
}
