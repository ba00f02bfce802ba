/**
 * The fewest API calls the data needs, worked out from the seeded live groups and the
 * config alone (not from groupctl's plan), by the rules of issues 5 and 11:
 *   plan reads:   one details call per 100 bound ids; an admin list only for a bound group
 *                 that exists and whose config manages admins or members or changes its owner
 *                 (the details call does not name admins); a member list only for such a group
 *                 when the details call truncates it (10,000 members; never at these sizes);
 *                 one user look-up (`GET /users/{name}`) per distinct user the plan adds
 *                 (create owners and members, new owners, added members and admins) that no
 *                 read group names: a user in a group exists; and when the config has keys
 *                 bound to no group (creates), one pass over the app's group list, 1,000 a
 *                 page, for a live group a lost state file left unbound (never a duplicate);
 *   apply --plan: the same rule over the groups the plan changes, by what their changes
 *                 depend on: details for every changed group, the admin list only where a
 *                 member, admin or owner change is planned;
 *   changes:      one call per update, transfer, admin change, enable, disable and create,
 *                 and ceil(n / 60) per run of member adds or removes in a group; a create
 *                 also lists its owner's groups first (pages 0 and 1, as the vendor's docs
 *                 disagree on where pages start) so a crash mid-create is recognised on the
 *                 next run, and reads the group back once made (crash safety and the
 *                 create-body readings of FACTS.md: reads the design needs, so counted).
 */
const DETAILS_BATCH = 100;
const MEMBER_BATCH = 60;
const DETAILS_MEMBER_CAP = 10_000;
const LIST_PAGE = 1000;

/** Config setting name -> emulator record field. */
const WIRE = {
  name: 'groupname', description: 'description', avatar: 'avatar', public: 'public', max_users: 'maxusers',
  allow_invites: 'allowinvites', members_only: 'membersonly', custom: 'custom',
};

const READ_KINDS = new Set(['get-groups', 'list-admins', 'list-members', 'get-user', 'list-groups']);
const MEMBERSHIP_KINDS = new Set(['add-members', 'remove-members', 'add-admin', 'remove-admin', 'transfer']);

/**
 * @returns {{ reads: number, changes: number, byKind: Record<string, number>, savedPlanReads: Record<string, number>, createReads: Record<string, number> }}
 *   `byKind`: plan's reads and the changes (what `apply` without a saved plan needs);
 *   `savedPlanReads`: what `apply --plan` re-reads instead of plan's reads;
 *   `createReads`: the reads around the creates (see above), which apply adds either way.
 */
export function minimumCalls(live, desired, boundIds) {
  const byId = new Map(live.map((g) => [g.id, g]));
  const bound = desired.filter((d) => boundIds.has(d.key));
  const byKind = { 'get-groups': Math.ceil(bound.length / DETAILS_BATCH), 'list-admins': 0, 'list-members': 0 };
  const bump = (kinds, kind, count = 1) => {
    if (count > 0) kinds[kind] = (kinds[kind] ?? 0) + count;
  };
  const added = new Set();
  const seen = new Set();
  let touched = 0;
  let membershipTouched = 0;
  let membershipTouchedBig = 0;
  for (const d of desired) {
    const g = byId.get(boundIds.get(d.key));
    if (g === undefined) {
      changesOfCreate(d, (kind, count) => bump(byKind, kind, count));
      for (const u of [d.owner, ...(d.admins ?? []), ...(d.members ?? [])]) added.add(u.toLowerCase());
      continue;
    }
    seen.add(g.owner.toLowerCase());
    for (const u of g.members) seen.add(u.toLowerCase());
    const big = g.members.length + 1 > DETAILS_MEMBER_CAP;
    if (needsMembership(d, g)) {
      bump(byKind, 'list-admins');
      if (big) bump(byKind, 'list-members');
    }
    const changes = {};
    for (const u of changesOfExisting(d, g, (kind, count) => bump(changes, kind, count))) added.add(u.toLowerCase());
    for (const [kind, count] of Object.entries(changes)) bump(byKind, kind, count);
    if (Object.keys(changes).length > 0) touched++;
    if (Object.keys(changes).some((kind) => MEMBERSHIP_KINDS.has(kind))) {
      membershipTouched++;
      if (big) membershipTouchedBig++;
    }
  }
  bump(byKind, 'get-user', [...added].filter((u) => !seen.has(u)).length);
  const unbound = desired.some((d) => !boundIds.has(d.key) && d.settings.name !== undefined);
  if (unbound) bump(byKind, 'list-groups', Math.max(1, Math.ceil(live.length / LIST_PAGE)));
  const reads = Object.entries(byKind).reduce((sum, [kind, count]) => (READ_KINDS.has(kind) ? sum + count : sum), 0);
  const changes = Object.entries(byKind).reduce((sum, [kind, count]) => (READ_KINDS.has(kind) ? sum : sum + count), 0);
  const savedPlanReads = { 'get-groups': Math.ceil(touched / DETAILS_BATCH), 'list-admins': membershipTouched, 'list-members': membershipTouchedBig };
  const creates = byKind['create-group'] ?? 0;
  const createReads = { 'user-groups': 2 * creates, 'get-groups': creates };
  return { reads, changes, byKind, savedPlanReads, createReads };
}

/** The plan compares membership: admins or members managed, or a new owner. */
function needsMembership(d, g) {
  return d.admins !== undefined || d.members !== undefined || d.owner !== g.owner;
}

function changesOfCreate(d, bump) {
  const admins = (d.admins ?? []).filter((u) => u !== d.owner);
  const members = new Set([...(d.members ?? []), ...admins]);
  members.delete(d.owner);
  bump('create-group');
  bump('add-members', Math.ceil(Math.max(0, members.size - MEMBER_BATCH) / MEMBER_BATCH));
  bump('add-admin', admins.length);
  if (d.disabled === true) bump('disable');
}

/** Counts the changes of an existing group; returns the users it adds (members, the new owner, admins). */
function changesOfExisting(d, g, bump) {
  if (Object.entries(d.settings).some(([name, value]) => g[WIRE[name]] !== value)) bump('modify-group');
  const oldOwner = g.owner;
  const newOwner = d.owner;
  const liveMembers = new Set(g.members);
  const liveAdmins = new Set(g.admins);
  const finalAdmins = new Set((d.admins ?? g.admins).filter((u) => u !== newOwner));
  const finalMembers =
    d.members === undefined ? new Set([...g.members, oldOwner, ...finalAdmins]) : new Set([...d.members, ...finalAdmins]);
  finalMembers.delete(newOwner);

  const added = [...finalMembers, newOwner].filter((u) => !liveMembers.has(u) && u !== oldOwner);
  const removes = g.members.filter((u) => !finalMembers.has(u) && u !== newOwner).length;
  bump('add-members', Math.ceil(added.length / MEMBER_BATCH));
  bump('remove-members', Math.ceil(removes / MEMBER_BATCH));
  if (newOwner !== oldOwner) {
    bump('transfer');
    // The old owner can only leave once it is no longer the owner: a run of its own.
    if (!finalMembers.has(oldOwner)) bump('remove-members');
  }
  bump('add-admin', [...finalAdmins].filter((u) => !liveAdmins.has(u)).length);
  // An admin who leaves the group loses the role with it; only those who stay are demoted.
  bump('remove-admin', g.admins.filter((u) => !finalAdmins.has(u) && finalMembers.has(u)).length);
  const wantDisabled = d.disabled ?? g.disabled;
  if (wantDisabled !== g.disabled) bump(wantDisabled ? 'disable' : 'enable');
  // Every user added is a member first (an admin, the new owner): the members added name them all.
  return added;
}
