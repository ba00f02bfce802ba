/**
 * The fewest API calls the data needs, worked out from the seeded live groups and the
 * config alone (not from groupctl's plan), by the rules of issue 5:
 *   reads:   one details call per 100 bound ids, one admin list per bound group that
 *            exists (the details call does not name admins), a member list only where the
 *            details call is truncated (10,000 members; never at these sizes);
 *   changes: one call per update, transfer, admin change, enable, disable and create, and
 *            ceil(n / 60) per run of member adds or removes in a group.
 */
const DETAILS_BATCH = 100;
const MEMBER_BATCH = 60;
const DETAILS_MEMBER_CAP = 10_000;

/** Config setting name -> emulator record field. */
const WIRE = {
  name: 'groupname', description: 'description', avatar: 'avatar', public: 'public', max_users: 'maxusers',
  allow_invites: 'allowinvites', members_only: 'membersonly', custom: 'custom',
};

/** @returns {{ reads: number, changes: number, byKind: Record<string, number> }} */
export function minimumCalls(live, desired, boundIds) {
  const byId = new Map(live.map((g) => [g.id, g]));
  const bound = desired.filter((d) => boundIds.has(d.key));
  const existing = bound.filter((d) => byId.has(boundIds.get(d.key)));
  const byKind = {
    'get-groups': Math.ceil(bound.length / DETAILS_BATCH),
    'list-admins': existing.length,
    'list-members': existing.filter((d) => byId.get(boundIds.get(d.key)).members.length + 1 > DETAILS_MEMBER_CAP).length,
  };
  const reads = byKind['get-groups'] + byKind['list-admins'] + byKind['list-members'];
  const bump = (kind, count = 1) => {
    if (count > 0) byKind[kind] = (byKind[kind] ?? 0) + count;
  };
  for (const d of desired) {
    const g = byId.get(boundIds.get(d.key));
    if (g === undefined) changesOfCreate(d, bump);
    else changesOfExisting(d, g, bump);
  }
  const changes = Object.entries(byKind).reduce((sum, [kind, count]) => (READ_KINDS.has(kind) ? sum : sum + count), 0);
  return { reads, changes, byKind };
}

const READ_KINDS = new Set(['get-groups', 'list-admins', 'list-members']);

function changesOfCreate(d, bump) {
  const admins = d.admins.filter((u) => u !== d.owner);
  const members = new Set([...(d.members ?? []), ...admins]);
  members.delete(d.owner);
  bump('create-group');
  bump('add-members', Math.ceil(Math.max(0, members.size - MEMBER_BATCH) / MEMBER_BATCH));
  bump('add-admin', admins.length);
  if (d.disabled === true) bump('disable');
}

function changesOfExisting(d, g, bump) {
  if (Object.entries(d.settings).some(([name, value]) => g[WIRE[name]] !== value)) bump('modify-group');
  const oldOwner = g.owner;
  const newOwner = d.owner;
  const liveMembers = new Set(g.members);
  const liveAdmins = new Set(g.admins);
  const finalAdmins = new Set(d.admins.filter((u) => u !== newOwner));
  const finalMembers =
    d.members === undefined ? new Set([...g.members, oldOwner, ...finalAdmins]) : new Set([...d.members, ...finalAdmins]);
  finalMembers.delete(newOwner);

  const adds = [...finalMembers, newOwner].filter((u) => !liveMembers.has(u) && u !== oldOwner).length;
  const removes = g.members.filter((u) => !finalMembers.has(u) && u !== newOwner).length;
  bump('add-members', Math.ceil(adds / MEMBER_BATCH));
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
}
