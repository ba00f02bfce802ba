/** `groupctl plan`: config + live -> an ordered plan, printed (text, JSON, Markdown) and optionally saved for `apply --plan`. */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { appIdentityOf, checkStateApp, planConfiguration, withRefusals } from '../../engine/index.js';
import { sealPlan } from '../../plan/index.js';
import { renderJson, renderMarkdown, renderText } from '../../render/index.js';
import { writeFileAtomic } from '../../durable/index.js';
import { StateStore } from '../../state/index.js';
import { type ParsedArgs, UsageError } from '../args.js';
import { hasChanges } from '../has-changes.js';
import { EXIT, type Io, redactForFile } from '../io.js';
import { configPaths, importHint, loadDesired, statePathFor } from '../prepare.js';
import { createReadProgress, describeApiLine } from '../read-progress.js';
import { commandLine, invocationOf, scopeHints } from '../rerun.js';
import { openSession } from '../session.js';
import { resolveSettings } from '../settings.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** Exit 0 no changes, 2 changes with --detailed-exitcode, 1 when the plan has errors (a guard apply would refuse included). */
export async function planCommand(args: ParsedArgs, io: Io): Promise<number> {
  const format = (args.flags.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${String(format)}"`);
  }
  const settings = resolveSettings(args.flags, io);
  const invocation = invocationOf('plan', args);
  const hints = scopeHints(invocation, settings.connection.target.kind === 'sandbox');
  const paths = configPaths(args.positionals, io, commandLine(invocation, { command: 'plan', words: ['examples/small-team'] }));
  const desired = await loadDesired(paths, io);
  const state = await StateStore.open(statePathFor(settings, paths), { lock: false, ...importHint(hints.rerun) });
  const app = appIdentityOf(settings.connection.target);
  checkStateApp(state, app, hints.rerun);
  const session = await openSession(settings.connection, io);
  try {
    for (const intent of state.intents().values()) {
      io.stderr.write(
        `warning: an earlier apply stopped while creating "${intent.key}"; the next apply checks whether the group exists before creating it.\n`,
      );
    }
    const progress = createReadProgress(io.stderr, () => session.stats().requests, settings.progressIntervalMs);
    const planned = await planConfiguration(desired, state, session, { scope: { ...settings.scope, ...hints }, progress });
    let plan = planned.shown;
    if (typeof args.flags.out === 'string') {
      // Not the refusals: apply counts the guards again with its own flags.
      const sealed = sealPlan(planned.plan, planned.live, { lineage: state.lineage, serial: state.serial, app });
      const out = path.resolve(io.cwd, args.flags.out);
      await writeFileAtomic(out, redactForFile(io, renderJson(sealed)));
      plan = withRefusals(sealed, planned.refusals);
      // apply counts the guards again with its own flags: repeat the ones this plan was made with.
      const applyLine = commandLine(invocation, { command: 'apply', scope: 'guards', add: ['--plan', args.flags.out] });
      io.stderr.write(`Saved the plan to ${args.flags.out}; apply it with: ${applyLine}\n`);
    }
    const rendered =
      format === 'json' ? renderJson(plan) : format === 'markdown' ? renderMarkdown(plan) : renderText(plan, { color: settings.color });
    io.stdout.write(rendered.endsWith('\n') ? rendered : rendered + '\n');
    const apiLine = describeApiLine(session.stats(), io.stderr.isTTY === true);
    if (apiLine !== undefined) io.stderr.write(`${apiLine}\n`);
    if (settings.stepSummaryFile) appendFileSync(settings.stepSummaryFile, redactForFile(io, renderMarkdown(plan) + '\n'));
    if (plan.errors.length > 0) return EXIT.error;
    return args.flags['detailed-exitcode'] === true && hasChanges(plan) ? EXIT.changes : EXIT.ok;
  } finally {
    await session.close();
  }
}
