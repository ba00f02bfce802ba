/**
 * `allow_invites: true` on a public group. FACTS.md ("create, public group"): the create
 * tip says such a group is created with `allowinvites` false and it may be set after create;
 * another doc line says invites apply only to private groups, so on some apps it never
 * sticks, while the modify still answers true. After an update that sets it, the group is
 * read back once; when the service kept false, the binding records it (model/group.ts
 * `written.allow_invites`) and the next plan warns instead of repeating the update forever.
 */
import type { Settings } from '../model/group.js';
import { readGroup } from './confirm.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';

/** What a person reads in the report when the service did not keep the setting. */
export const UNKEPT_NOTE =
  'the service answered the update but kept allow_invites false on this public group (FACTS.md: invites may apply only to private groups); recorded in the state file, so plan warns instead of repeating the update';

/**
 * After an update that sent `sent` (its settings): record whether `allow_invites: true` took.
 * A write of `public` or of `allow_invites: false` clears an earlier record without a read.
 * Resolves with a note for the report, or undefined when there is nothing to tell; a failed
 * read or save is a note too, since the update itself succeeded.
 */
export async function recordInvitesKept(ctx: GroupContext, id: string, sent: Settings): Promise<string | undefined> {
  if (sent.allow_invites === undefined && sent.public === undefined) return undefined;
  const recorded = ctx.state.binding(ctx.key)?.written?.allow_invites === true;
  let unkept = false;
  if (sent.allow_invites === true) {
    try {
      const group = await readGroup(ctx.service, id);
      unkept = group !== null && group.settings.public === true && group.settings.allow_invites === false;
    } catch (err) {
      return `could not read the group back to check that allow_invites took: ${describeError(err)}`;
    }
  }
  if (unkept === recorded) return unkept ? UNKEPT_NOTE : undefined;
  try {
    const binding = ctx.state.binding(ctx.key);
    const written = { ...binding?.written, allow_invites: unkept };
    // A group named by `id:` in config may not be bound yet; the record must stick to it.
    if (binding) ctx.state.setWritten(ctx.key, written);
    else ctx.state.bind(ctx.key, { id, written });
    await ctx.save();
  } catch (err) {
    return `could not record in the state file whether allow_invites took: ${describeError(err)}`;
  }
  return unkept ? UNKEPT_NOTE : undefined;
}
