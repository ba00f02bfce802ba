/** `groupctl apply`: plans (or loads a saved plan), confirms, applies, and keeps every binding in the state file whatever stops it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { applyPlan, checkApplyGuards, checkPlanState, checkSavedPlan, IntentConflictError, resolveIntents } from '../../apply/index.js';
import { decodeSavedPlan, fingerprintCoverage, fingerprintGroup, type Plan, PlanDecodeError, READ_ALL } from '../../plan/index.js';
import { createProgress, renderReportJson, renderReportSummary, renderText } from '../../render/index.js';
import { StateStore, writeFileAtomic } from '../../state/index.js';
import { type ParsedArgs } from '../args.js';
import { hasChanges } from '../has-changes.js';
import { EXIT, type Io, redactForFile, UserError } from '../io.js';
import { onInterrupt, SIGNAL_EXIT } from '../interrupt.js';
import { configPaths, loadDesired, openWritableState, readAndPlan, readLiveGroups, statePathFor, usersOf } from '../prepare.js';
import { apiUseOf, createReadProgress } from '../read-progress.js';
import { openSession, type ServiceSession } from '../session.js';
import { resolveSettings } from '../settings.js';

export async function applyCommand(args: ParsedArgs, io: Io): Promise<number> {
  const settings = resolveSettings(args.flags, io);
  const { scope, color } = settings;
  const savedPlanFile = typeof args.flags.plan === 'string' ? path.resolve(io.cwd, args.flags.plan) : undefined;
  const savedPlan = savedPlanFile ? await readSavedPlan(savedPlanFile) : undefined;
  // With --plan the config is not read again, but its PATH still locates the state file.
  const paths = configPaths(args.positionals, io);
  const desired = savedPlan ? undefined : await loadDesired(paths, io);
  const state = await openWritableState(statePathFor(settings, paths));
  // From here on a signal stops the apply cleanly: nothing new starts, and the finally
  // below folds every binding into the state file before the process exits.
  const interruption = new AbortController();
  const stopHandling = onInterrupt((signal) => {
    io.stderr.write(
      `\n${signal}: starting nothing new; waiting for the calls in flight, then writing the state file. ` +
        'Send it again to exit at once (every binding is journaled either way).\n',
    );
    interruption.abort(signal);
  });
  const interruptedCode = (): number | undefined =>
    interruption.signal.aborted ? (SIGNAL_EXIT[String(interruption.signal.reason)] ?? EXIT.error) : undefined;
  const session = await openSession(settings.connection, io, { sandboxUsers: desired ? usersOf(desired) : [] }).catch(async (e: unknown) => {
    stopHandling();
    await state.close();
    throw e;
  });
  try {
    // Before intents are settled: the plan was made from the state as it was then.
    const wrongState = savedPlan && checkPlanState(savedPlan, state);
    if (wrongState) throw new UserError(`refusing the saved plan ${args.flags.plan}: ${wrongState}`);
    await settleIntents(state, session, io);

    const readProgress = createReadProgress(io.stderr, () => session.stats().requests);
    let plan: Plan;
    if (savedPlan) {
      // Re-read only what the fingerprints cover: a group whose steps are settings only needs its details alone.
      const coverage = fingerprintCoverage(savedPlan);
      const readsOf = (id: string) => coverage.get(id) ?? READ_ALL;
      const fresh = await readLiveGroups(session, Object.keys(savedPlan.fingerprints ?? {}), { reads: readsOf, progress: readProgress });
      const problems = checkSavedPlan(savedPlan, fresh, state.bindings(), (g) => fingerprintGroup(g, g === null ? READ_ALL : readsOf(g.id)));
      if (problems.length > 0) {
        throw new UserError(
          `the saved plan ${args.flags.plan} is stale:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
            'Run "npx groupctl plan --out FILE" again, review it, and apply the new plan.',
        );
      }
      plan = savedPlan;
    } else {
      plan = (await readAndPlan(desired!, state, session, readProgress, scope)).plan;
    }

    io.stdout.write(renderText(plan, { color }));
    // Guard errors are counted again below with this apply's own flags; the others stop it here.
    if (plan.errors.some((e) => e.guard === undefined)) {
      io.stderr.write('Error: the plan has errors (above); nothing was applied.\n');
      return EXIT.error;
    }
    if (!hasChanges(plan)) return EXIT.ok;

    const allowDismiss = args.flags['allow-dismiss'] === true;
    const limits = {
      allowDismiss,
      allowRecreate: scope.limits?.recreates === null,
      ...(scope.limits?.removals != null ? { maxRemovals: scope.limits.removals } : {}),
      ...(scope.limits?.forgets != null ? { maxForgets: scope.limits.forgets } : {}),
    };
    const refusals = checkApplyGuards(plan, limits);
    if (refusals.length > 0) {
      throw new UserError(`refusing to apply:\n${refusals.map((r) => `  - ${r}`).join('\n')}`);
    }
    if (args.flags['auto-approve'] !== true && !(await confirm(io))) return EXIT.error;
    if (interruption.signal.aborted) return interruptedCode()!;

    const total = plan.steps.length;
    const progress = createProgress({ tty: io.stderr.isTTY === true, stream: io.stderr, total, color });
    const report = await applyPlan(plan, {
      service: session.service,
      state,
      concurrency: session.concurrency,
      ...limits,
      signal: interruption.signal,
      onEvent: progress,
    });
    report.api = apiUseOf(session.stats());
    io.stdout.write(renderReportSummary(report));
    if (typeof args.flags.report === 'string') {
      await writeFileAtomic(path.resolve(io.cwd, args.flags.report), redactForFile(io, renderReportJson(report)));
    }
    return interruptedCode() ?? (report.ok ? EXIT.ok : EXIT.error);
  } finally {
    stopHandling();
    await session.close();
    // Folds the journal into the state file: after any exit but kill -9 it holds every binding.
    await state.close();
    const code = interruptedCode();
    if (code !== undefined) io.stderr.write(`Stopped by ${String(interruption.signal.reason)}; the state file ${state.path} holds every binding made. Run the same command again to finish.\n`);
  }
}

/** Creates an earlier apply left unfinished are settled before anything is planned. */
async function settleIntents(state: StateStore, session: ServiceSession, io: Io): Promise<void> {
  try {
    for (const note of await resolveIntents(state, session.service)) io.stderr.write(`${note}\n`);
  } catch (e) {
    if (!(e instanceof IntentConflictError)) throw e;
    for (const note of e.notes) io.stderr.write(`${note}\n`);
    throw new UserError(
      `an earlier apply was interrupted while creating groups, and groupctl cannot tell which live group is which:\n` +
        e.problems.map((p) => `  - ${p}`).join('\n'),
      { cause: e },
    );
  }
}

/** The saved plan, decoded at the boundary (plan/decode-plan.ts); any problem names the file. */
async function readSavedPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the saved plan ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return decodeSavedPlan(text);
  } catch (e) {
    if (!(e instanceof PlanDecodeError)) throw e;
    const lines = e.problems.map((p) => `  - ${p}`).join('\n');
    throw new UserError(
      `the saved plan ${file} cannot be applied:\n${lines}\nNothing was changed. Make a new plan with "npx groupctl plan --out ${path.basename(file)}" and apply that.`,
      { cause: e },
    );
  }
}

async function confirm(io: Io): Promise<boolean> {
  if (io.stdin.isTTY !== true) {
    throw new UserError('apply needs confirmation, and there is no terminal to ask: review the plan and pass --auto-approve.');
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question("\nDo you want to apply this plan? Only 'yes' is accepted: ");
    if (answer.trim() === 'yes') return true;
    io.stderr.write('Apply cancelled; nothing was changed.\n');
    return false;
  } finally {
    rl.close();
  }
}
