/** `groupctl apply`: plans (or loads a saved plan), confirms, applies, and keeps every binding in the state file whatever stops it. */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import {
  appIdentityOf,
  applyChecked,
  checkPlanApp,
  checkSavedPlanState,
  checkSavedPlanStrategy,
  checkStateApp,
  readAndPlan,
  readSavedPlan,
  recheckSavedPlan,
  recordStateApp,
  refusalsToApply,
  settleIntents,
} from '../../engine/index.js';
import { type DesiredState } from '../../model/group.js';
import { type Plan } from '../../plan/index.js';
import { renderReportJson, renderText } from '../../render/index.js';
import { createApplyView } from '../apply-view.js';
import { writeFileAtomic } from '../../durable/index.js';
import { StateStore } from '../../state/index.js';
import { type ParsedArgs } from '../args.js';
import { hasChanges } from '../has-changes.js';
import { EXIT, type Io, redactForFile, UserError } from '../io.js';
import { onInterrupt, SIGNAL_EXIT } from '../interrupt.js';
import { configPaths, loadDesired, openWritableState, statePathFor } from '../prepare.js';
import { apiUseOf, createReadProgress } from '../read-progress.js';
import { commandLine, invocationOf, scopeHints } from '../rerun.js';
import { openSession, type ServiceSession } from '../session.js';
import { type CommandSettings, resolveSettings } from '../settings.js';

/** Exit 0 applied (or nothing to do), 1 an error or a failed step, 130/143 stopped by SIGINT/SIGTERM. */
export async function applyCommand(args: ParsedArgs, io: Io): Promise<number> {
  const invocation = invocationOf('apply', args);
  const resolved = resolveSettings(args.flags, io);
  const hints = scopeHints(invocation, resolved.connection.target.kind === 'sandbox');
  const settings = { ...resolved, scope: { ...resolved.scope, ...hints } };
  const savedPlanName = typeof args.flags.plan === 'string' ? args.flags.plan : undefined;
  const savedPlan = savedPlanName !== undefined ? await readSavedPlan(path.resolve(io.cwd, savedPlanName), hints.rerun) : undefined;
  // With --plan the config is not read again, but its PATH still locates the state file.
  const paths = configPaths(args.positionals, io, commandLine(invocation, { command: 'apply', words: ['examples/small-team'] }));
  const desired = savedPlan ? undefined : await loadDesired(paths, io);
  const state = await openWritableState(statePathFor(settings, paths), settings.scope.rerun);
  // Before any call: bindings of another app would all look deleted there.
  const app = appIdentityOf(settings.connection.target);
  try {
    checkStateApp(state, app, hints.rerun);
    if (savedPlan) checkPlanApp(savedPlan, app, savedPlanName!, hints.rerun);
    if (savedPlan) checkSavedPlanStrategy(savedPlan, savedPlanName!, settings.scope);
  } catch (e) {
    await state.close();
    throw e;
  }
  // From here on a signal stops the apply cleanly: nothing new starts, and the finally
  // below folds every binding into the state file before the process exits.
  const interruption = stopCleanlyOnSignal(io);
  const session = await openSession(settings.connection, io).catch(async (e: unknown) => {
    interruption.stop();
    await state.close();
    throw e;
  });
  try {
    recordStateApp(state, app, (text) => io.stderr.write(`${text}\n`));
    const source: PlanSource = savedPlan ? { kind: 'saved', plan: savedPlan, name: savedPlanName! } : { kind: 'config', desired: desired! };
    const plan = await planToApply(source, { state, session, settings, io });
    return await carryOut(plan, source.kind === 'config', { state, session, settings, io, interruption, flags: args.flags });
  } finally {
    interruption.stop();
    await session.close();
    // Folds the journal into the state file: after any exit but kill -9 it holds every binding.
    await state.close();
    if (interruption.exitCode() !== undefined) {
      io.stderr.write(`Stopped by ${String(interruption.signal.reason)}; the state file ${state.path} holds every binding made. Run the same command again to finish.\n`);
    }
  }
}

/** What an apply works with once its inputs are read. */
interface ApplyContext {
  state: StateStore;
  session: ServiceSession;
  settings: CommandSettings;
  io: Io;
}

/** A plan saved by `plan --out` (its file name as given, for messages), or the configuration to plan now. */
type PlanSource = { kind: 'saved'; plan: Plan; name: string } | { kind: 'config'; desired: DesiredState };

/**
 * The plan to carry out, checked against the world as it is now: a saved plan must come
 * from this state file and its groups must not have changed since; else a fresh plan.
 */
async function planToApply(source: PlanSource, { state, session, settings, io }: ApplyContext): Promise<Plan> {
  // Before intents are settled: the plan was made from the state as it was then.
  if (source.kind === 'saved') checkSavedPlanState(source.plan, source.name, state, settings.scope.rerun);
  await settleIntents(state, session, (text) => io.stderr.write(`${text}\n`), settings.scope.rerun);
  const readProgress = createReadProgress(io.stderr, () => session.stats().requests, settings.progressIntervalMs);
  if (source.kind === 'config') return (await readAndPlan(source.desired, state, session, readProgress, settings.scope)).plan;
  await recheckSavedPlan(source.plan, source.name, { state, session, progress: readProgress, ...(settings.scope.rerun ? { rerun: settings.scope.rerun } : {}) });
  return source.plan;
}

/** Shows the plan, refuses what the guards refuse, asks on a terminal, applies, and reports. */
async function carryOut(plan: Plan, madeNow: boolean, context: ApplyContext & { interruption: Interruption; flags: ParsedArgs['flags'] }): Promise<number> {
  const { state, session, settings, io, interruption, flags } = context;
  const json = flags.json === true;
  (json ? io.stderr : io.stdout).write(renderText(plan, { color: settings.color }));
  // Guard errors are counted again below with this apply's own flags; the others stop it here.
  if (plan.errors.some((e) => e.guard === undefined)) {
    io.stderr.write('Error: the plan has errors (above); nothing was applied.\n');
    return EXIT.error;
  }
  if (!hasChanges(plan)) return EXIT.ok;
  const refusals = refusalsToApply(plan, settings.scope, madeNow);
  if (refusals.length > 0) throw new UserError(`refusing to apply:\n${refusals.map((r) => `  - ${r}`).join('\n')}`);
  if (flags['auto-approve'] !== true && !(await confirm(io))) return EXIT.error;
  if (interruption.signal.aborted) return interruption.exitCode()!;

  const view = createApplyView(io, { total: plan.steps.length, color: settings.color, json, progressIntervalMs: settings.progressIntervalMs });
  const report = await applyChecked(plan, session, state, { scope: settings.scope, signal: interruption.signal, onEvent: view.onEvent });
  report.api = apiUseOf(session.stats());
  view.finish(report);
  if (typeof flags.report === 'string') {
    await writeFileAtomic(path.resolve(io.cwd, flags.report), redactForFile(io, renderReportJson(report)));
  }
  return interruption.exitCode() ?? (report.ok ? EXIT.ok : EXIT.error);
}

/** A first signal aborts `signal` (nothing new starts); `exitCode` is then the signal's (130/143). */
interface Interruption {
  signal: AbortSignal;
  exitCode(): number | undefined;
  stop(): void;
}

/** Takes SIGINT/SIGTERM over from the process's default (exit at once) until `stop` is called. */
function stopCleanlyOnSignal(io: Io): Interruption {
  const controller = new AbortController();
  const stop = onInterrupt((signal) => {
    io.stderr.write(
      `\n${signal}: starting nothing new; waiting for the calls in flight, then writing the state file. ` +
        'Send it again to exit at once (every binding is journaled either way).\n',
    );
    controller.abort(signal);
  });
  return {
    signal: controller.signal,
    exitCode: () => (controller.signal.aborted ? (SIGNAL_EXIT[String(controller.signal.reason)] ?? EXIT.error) : undefined),
    stop,
  };
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
