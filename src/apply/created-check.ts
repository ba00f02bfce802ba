/**
 * A created group, read back before it is bound. The vendor's sources disagree on the
 * create body's names (`description` + `membersonly` on the doc page and Java 2.0,
 * `desc` + `members_only` in Java 1.x, `desc` + `approval` in the web SDK; FACTS.md), and
 * nothing shows which the server honours. groupctl sends the documented names, reads
 * the group back, and corrects with an update (whose names all sources agree on) what
 * did not take. The same read checks that the answer named our group at all.
 */
import type { GroupService } from '../api/service.js';
import { SETTING_NAMES, type SettingName } from '../model/group.js';
import type { CreateDetails } from '../plan/types.js';
import { readGroup } from './confirm.js';
import { describeError } from './describe-error.js';

/** What reading back a created group showed. */
export type CreatedCheck =
  /** Ours; `missed`: settings sent that the group does not show. */
  | { kind: 'ours'; missed: SettingName[] }
  /** Not found, or its owner is not the one asked for: the answer did not name our group. */
  | { kind: 'not-ours'; why: string }
  /** Could not be read: believed on the answer's word, settings unchecked. */
  | { kind: 'unreadable'; why: string };

/** The API never shows it (README), so it cannot be checked. */
const UNSHOWN: ReadonlySet<SettingName> = new Set(['invite_need_confirm']);

/** Reads back the group a create answered, before it is bound: is it ours, and did it take every setting sent? */
export async function checkCreated(service: GroupService, id: string, details: CreateDetails): Promise<CreatedCheck> {
  let group;
  try {
    group = await readGroup(service, id);
  } catch (err) {
    return { kind: 'unreadable', why: describeError(err) };
  }
  // Not bound: if the create made a group after all, the intent (still on disk) finds it next run.
  if (group === null) return { kind: 'not-ours', why: `the create answered group ${id}, which cannot be found; not binding it` };
  if (group.owner.toLowerCase() !== details.owner.toLowerCase()) {
    return { kind: 'not-ours', why: `the create answered group ${id}, whose owner is ${group.owner}, not ${details.owner}; not binding it (the server's answer is wrong)` };
  }
  const missed = SETTING_NAMES.filter((name) => {
    const sent = details.settings[name];
    if (sent === undefined || UNSHOWN.has(name)) return false;
    const shown = group.settings[name];
    // A setting the details call does not show cannot be judged; only a different value is a miss.
    return shown !== undefined && shown !== sent;
  });
  return { kind: 'ours', missed };
}
