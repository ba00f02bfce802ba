/**
 * Which app a state file and a saved plan belong to (CONTRACT.md, State file): bindings
 * are group ids of one app, and the same ids mean nothing (or another group) in another,
 * where every bound group would look deleted and be created again.
 */
import { isLoopback } from '../api/index.js';
import type { Plan } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import { bareRerun, type Rerun } from '../util/rerun.js';
import type { ServiceTarget } from './settings.js';
import { UserError } from './user-error.js';

/**
 * The app a command talks to, as one string with no secret: `HOST/ORG/APP` or
 * `HOST/app-id/APPID`. The host is lowercase with its port unless the default; an
 * emulator on this machine is `localhost` on any port (its port changes at every start);
 * `--sandbox` is `sandbox`, whatever file holds it.
 */
export function appIdentityOf(target: ServiceTarget): string {
  if (target.kind === 'sandbox') return 'sandbox';
  const url = new URL(target.base.origin);
  const host = isLoopback(url.hostname) ? 'localhost' : url.host.toLowerCase();
  const base = target.base;
  return base.style === 'agora' ? `${host}/app-id/${base.appId}` : `${host}/${base.org}/${base.app}`;
}

/**
 * Stops a command whose state file belongs to another app, before any call: a state file
 * that names no app (new, or written before apps were recorded) fits any.
 */
export function checkStateApp(state: Pick<StateStore, 'path' | 'app'>, app: string, rerun: Rerun = bareRerun): void {
  if (state.app === undefined || state.app === app) return;
  throw new UserError(
    `the state file ${state.path} belongs to app ${state.app}, but this run talks to app ${app}.\n` +
      `Nothing was read or changed. Its bindings are group ids of ${state.app}: used against ${app} every bound group would look deleted and be created again.\n` +
      `  - To manage ${app}, give it its own state file: --state FILE (one per app).\n` +
      `  - To point a key at ${app}'s existing groups on purpose, list them with "${rerun('export')}" and bind each with "${rerun('import', ['KEY', 'GROUP_ID'])} --state FILE".\n` +
      `  - If the connection is wrong (base URL, GROUPCTL_BASE_URL), fix it and run again.`,
  );
}

/** A saved plan applies only to the app it was planned against (plans made before apps were recorded name none). */
export function checkPlanApp(plan: Pick<Plan, 'app'>, app: string, planFile: string, rerun: Rerun = bareRerun): void {
  if (plan.app === undefined || plan.app === app) return;
  throw new UserError(
    `refusing the saved plan ${planFile}: it was made against app ${plan.app}, but this run talks to app ${app}. Nothing was changed.\n` +
      `Apply it with the connection it was planned with, or make a new plan against ${app} ("${rerun('plan', ['--out', 'FILE'])}") and review that.`,
  );
}

/**
 * Writes the app into the state file at the start of an apply or import (after
 * checkStateApp). A file with bindings but no app was written before apps were recorded:
 * it takes this app, and says so once (the next run finds the app recorded).
 */
export function recordStateApp(state: StateStore, app: string, note: (text: string) => void): void {
  if (state.app === app) return;
  const adopted = state.app === undefined && state.bindings().size > 0;
  state.recordApp(app);
  if (adopted) {
    note(`note: the state file ${state.path} named no app (written by an older groupctl); its bindings now belong to app ${app}.`);
  }
}
