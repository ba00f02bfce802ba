/** `groupctl comment`: keeps one plan comment on the pull / merge request, or verifies a plan against the reviewed one. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CommentError, postPlanComment, verifyPlanComment } from '../../comment/index.js';
import { decodeSavedPlan, type Plan, PlanDecodeError, PLAN_FORMAT_VERSION } from '../../plan/index.js';
import { type ParsedArgs, UsageError } from '../args.js';
import { EXIT, type Io, UserError } from '../io.js';
import { commandLine } from '../rerun.js';
import { version } from '../version.js';

/** Comment errors (no CI variables, a host refusing) become user errors that say what to set. */
export async function commentCommand(args: ParsedArgs, io: Io): Promise<number> {
  if (typeof args.flags.plan !== 'string') {
    throw new UsageError('comment needs --plan FILE: a plan saved by "npx groupctl plan --out FILE" (or printed by --format json)');
  }
  if (args.positionals.length > 0) throw new UsageError(`comment takes no PATH (got "${args.positionals[0]}")`);
  const pr = args.flags.pr as number | undefined;
  if (pr !== undefined && !(Number.isInteger(pr) && pr > 0)) throw new UsageError(`--pr must be a pull request number, got "${pr}"`);
  const file = path.resolve(io.cwd, args.flags.plan);
  const plan = await readPlan(file, args.flags.plan);
  // A saved plan holds no clock (plan/ is pure): the time it was saved is its file's.
  const plannedAt = (await stat(file)).mtime;
  const options = { env: io.env, pr, note: args.flags.note as string | undefined, version: version(), plannedAt };
  try {
    if (args.flags.verify === true) {
      const result = await verifyPlanComment(plan, options);
      if (result.same) {
        io.stdout.write(`The plan is the one reviewed on ${result.where} (${result.digest}).\n`);
        return EXIT.ok;
      }
      throw new UserError(
        result.reviewed === undefined
          ? `${result.where} has no groupctl plan comment, so there is no reviewed plan to compare with; refusing.`
          : `the plan differs from the one reviewed on ${result.where} (reviewed ${result.reviewed}, now ${result.digest}); refusing.\n` +
              'Something changed after the review (the configuration on the main branch, or the live groups): open a pull request to plan and review again.',
      );
    }
    const result = await postPlanComment(plan, options);
    const verb = { created: 'Created', updated: 'Updated', unchanged: 'Kept (unchanged)' }[result.action];
    io.stdout.write(`${verb} the groupctl comment on ${result.where} (comment ${result.id}, ${result.length} characters).\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommentError) throw new UserError(e.message, { cause: e });
    throw e;
  }
}

/**
 * The saved plan, decoded where it enters as `apply --plan` decodes it (plan/decode-plan.ts):
 * a file that is not a groupctl plan, or a plan spoiled by hand, is refused with every
 * problem located in the file, never posted for review.
 */
async function readPlan(file: string, shown: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the plan ${shown}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return decodeSavedPlan(text, { printed: true });
  } catch (e) {
    if (!(e instanceof PlanDecodeError)) throw e;
    const lines = e.problems.map((p) => `  - ${path.basename(file)}: ${p}`).join('\n');
    const make = commandLine({ command: 'comment', flags: {}, paths: [] }, { command: 'plan', words: ['--out', shown] });
    throw new UserError(`${shown} is not a groupctl plan (format_version ${PLAN_FORMAT_VERSION}):\n${lines}\nMake one with "${make}".`, { cause: e });
  }
}
