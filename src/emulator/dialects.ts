/**
 * Dialects: the readings of the API where the vendor's own sources disagree or are
 * silent (FACTS.md, last table). Each dialect switches one topic away from the doc
 * pages' reading, so a client can be tried against every way a real server might
 * answer before a user meets it. Dialects of different topics combine; two of the
 * same topic contradict each other and are refused.
 */

/** How the emulated server behaves on each disputed topic. */
export interface Readings {
  /** Which spellings create honours for the description and the join-approval flag; the others are silently ignored. */
  createFields: 'description+membersonly' | 'desc+members_only' | 'desc+approval';
  /** Which field modify reads the group name from; the other is silently ignored. */
  modifyName: 'groupname' | 'name';
  /** Batch remove where no name is a member: 200 with a `result:false` row per name, or 403 for the whole call. */
  batchRemoveNone: 'rows' | 'refuse';
  /** Batch add where every name is already a member: 200 with `newmembers: []`, or 403 for the whole call. */
  batchAddNone: 'empty' | 'refuse';
  /** Status of removing one user who is not a member. */
  removeNonMember: 403 | 404;
  /** How the member list shows an admin. */
  adminRow: 'admin' | 'member';
  /** How a details batch shows an id that does not exist. */
  missingDetails: 'error-row' | 'no-owner' | 'omitted';
  /** A user's groups: `pagenum` from 0; from 1 with 0 the same page as 1; from 1 with 0 an empty page. */
  userPages: 'from-0' | 'from-1' | 'from-1-strict';
  /** Error bodies: `error` + `error_description`, or numeric `error_code` + `desc`. */
  errorBody: 'error' | 'error_code';
  /** The unit of a token answer's `expires_in`. */
  expiresIn: 'seconds' | 'milliseconds';
  /** The refusal of a change to a disabled group. */
  disabledWords: 'emulator' | 'websdk';
  /** Agora app tokens: accepted as the Bearer, or only exchanged at `POST {base}/token`. */
  agoraAuth: 'direct' | 'exchange';
  /** 429 bodies: alternating JSON and an HTML page, or always an edge proxy's HTML page. */
  rateLimitBody: 'mixed' | 'html';
  /** Whether a member made owner keeps the admin role (undocumented). */
  transferKeepsAdmin: boolean;
  /** Member list page size: 1..1000, default 1000 (doc) or 1..100, default 10 (Java 1.x javadoc); a larger ask is cut, silently. */
  memberPages: 'docs' | 'java1';
  /** How many affiliations the details call lists: 10,000 (FACTS.md) or only the first 100, while `affiliations_count` still counts them all. */
  detailsCap: 'docs' | 'partial';
  /** A caller-chosen `groupid` on create (FACTS.md "create, extra fields"; availability per app undocumented): used, or dropped unread. */
  createGroupId: 'honoured' | 'ignored';
  /** allowinvites=true on a public group: kept (doc pages), never kept (create and modify answer true, store false), or dropped only at create (the doc tip). */
  publicInvites: 'kept' | 'never' | 'create-only';
  /** A user's groups and the token call: only their own per-API budget (FACTS.md "per API"), or that and the app's budget as well. */
  apiRates: 'separate' | 'shared';
  /** The block-list read: every name in one answer (Easemob), or `pageSize` + `cursor` pages (FACTS.md: Agora). */
  blockPages: 'all' | 'cursor';
}

/** The doc pages' reading, and the emulator's choice where they are silent. */
export const DEFAULT_READINGS: Readonly<Readings> = Object.freeze({
  createFields: 'description+membersonly',
  modifyName: 'groupname',
  batchRemoveNone: 'rows',
  batchAddNone: 'empty',
  removeNonMember: 403,
  adminRow: 'admin',
  missingDetails: 'error-row',
  userPages: 'from-0',
  errorBody: 'error',
  expiresIn: 'seconds',
  disabledWords: 'emulator',
  agoraAuth: 'direct',
  rateLimitBody: 'mixed',
  transferKeepsAdmin: false,
  memberPages: 'docs',
  detailsCap: 'docs',
  createGroupId: 'honoured',
  publicInvites: 'kept',
  apiRates: 'separate',
  blockPages: 'all',
});

export interface Dialect<T extends keyof Readings = keyof Readings> {
  name: string;
  /** One line for `groupctl emulator --help` (the long table: examples/adopt/service-and-state.md). */
  description: string;
  /** The topic it changes; undefined for `docs`, which changes nothing. */
  topic?: T;
  value?: Readings[T];
}

function dialect<T extends keyof Readings>(name: string, topic: T, value: Readings[T], description: string): Dialect {
  return { name, description, topic, value } as Dialect;
}

/** Every dialect, by the order of the FACTS.md table. */
export const DIALECTS: readonly Dialect[] = Object.freeze([
  { name: 'docs', description: 'the doc pages\' reading (the default)' },
  dialect('create-desc', 'createFields', 'desc+members_only', 'create honours desc + members_only (Java SDK 1.x); description/membersonly are ignored'),
  dialect('create-approval', 'createFields', 'desc+approval', 'create honours desc + approval (web SDK); description/membersonly are ignored'),
  dialect('modify-name', 'modifyName', 'name', 'modify reads the group name from name (Java SDK 1.x); groupname is ignored'),
  dialect('batch-remove-403', 'batchRemoveNone', 'refuse', 'batch remove where no name is a member: 403 for the whole call'),
  dialect('batch-add-403', 'batchAddNone', 'refuse', 'batch add where every name is already a member: 403 for the whole call'),
  dialect('remove-404', 'removeNonMember', 404, 'removing one user who is not a member answers 404'),
  dialect('admins-as-members', 'adminRow', 'member', 'the member list shows admins as {"member": u}'),
  dialect('details-no-owner', 'missingDetails', 'no-owner', 'a details batch shows a missing id as an entry without owner'),
  dialect('details-omit', 'missingDetails', 'omitted', 'a details batch leaves a missing id out'),
  dialect('user-pages-1', 'userPages', 'from-1', "a user's groups: pagenum from 1, and 0 is the same page as 1"),
  dialect('user-pages-1-strict', 'userPages', 'from-1-strict', "a user's groups: pagenum from 1, and page 0 is empty"),
  dialect('error-code', 'errorBody', 'error_code', 'error bodies carry a numeric error_code and desc instead of error and error_description'),
  dialect('token-ms', 'expiresIn', 'milliseconds', 'token answers give expires_in in milliseconds'),
  dialect('disabled-websdk', 'disabledWords', 'websdk', 'changes to a disabled group: 403 "can not operate this group, reason: group is disabled"'),
  dialect('agora-exchange', 'agoraAuth', 'exchange', 'an Agora token must be exchanged at POST {base}/token {"grant_type":"agora"}; sent directly it is refused'),
  dialect('rate-html', 'rateLimitBody', 'html', 'every 429 is a text/html page from an edge proxy'),
  dialect('transfer-keeps-admin', 'transferKeepsAdmin', true, 'a member made owner keeps the admin role'),
  dialect('member-pages-100', 'memberPages', 'java1', 'the member list gives at most 100 rows a page (default 10), whatever pagesize asks (Java SDK 1.x)'),
  dialect('details-partial', 'detailsCap', 'partial', 'the details call lists only the first 100 affiliations of a group; affiliations_count still counts all'),
  dialect('create-ignores-groupid', 'createGroupId', 'ignored', 'create ignores a caller-chosen groupid and makes its own id (an app without the feature)'),
  dialect('public-no-invites', 'publicInvites', 'never', 'a public group never keeps allowinvites=true: create and modify accept it and store false'),
  dialect('public-create-no-invites', 'publicInvites', 'create-only', 'a public group is created with allowinvites=false whatever create asks; a later modify keeps true (the doc tip)'),
  dialect('rate-shared', 'apiRates', 'shared', "a user's groups and the token call count toward the app's rate limit as well as their own (50/s, 300/s)"),
  dialect('blocks-cursor', 'blockPages', 'cursor', 'the block-list read answers pages of pageSize names (default 10) with a cursor to the next (the Agora docs)'),
]);

/**
 * The readings of a list of dialect names (`a,b` strings are split). Throws an Error
 * naming the unknown name or the two dialects that contradict each other.
 */
export function readingsOf(names: string | readonly string[] | undefined): Readings {
  const list = (typeof names === 'string' ? [names] : (names ?? []))
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const readings: Readings = { ...DEFAULT_READINGS };
  const setBy = new Map<keyof Readings, string>();
  for (const name of list) {
    const found = DIALECTS.find((d) => d.name === name);
    if (found === undefined) {
      throw new Error(`unknown dialect "${name}"; known: ${DIALECTS.map((d) => d.name).join(', ')}`);
    }
    if (found.topic === undefined) continue;
    const earlier = setBy.get(found.topic);
    if (earlier !== undefined && earlier !== name) throw new Error(`dialects "${earlier}" and "${name}" contradict each other`);
    setBy.set(found.topic, name);
    (readings as unknown as Record<string, unknown>)[found.topic] = found.value;
  }
  return readings;
}

/** `name  description` lines, for help texts. */
export function describeDialects(indent = '  '): string {
  const width = Math.max(...DIALECTS.map((d) => d.name.length)) + 2;
  return DIALECTS.map((d) => `${indent}${d.name.padEnd(width)}${d.description}`).join('\n');
}
