/**
 * The test matrix over the emulator's dialects (src/emulator/dialects.ts): end-to-end
 * scenarios and planner properties run once per dialect the client handles, with the
 * dialect in the test name. A dialect the client cannot handle yet is not skipped
 * quietly: it is listed in NOT_YET with the client behaviour it needs, and a test
 * checks that every dialect is in exactly one of the two lists.
 *
 * Under the matrix: test/e2e/plan-drift, apply-safety and connection, test/plan/scenarios
 * and properties-http. Not under it: test/e2e/curl-examples (the doc pages' own examples,
 * docs by definition), confirm-tty and sandbox (terminal and embedded-emulator manners,
 * the same over any dialect), and the store-backed properties (properties.test.ts: the
 * store's rules, which no dialect changes but transfer-keeps-admin, described there).
 */
import { DIALECTS } from '../../src/emulator/dialects.js';
import { runInProcess } from '../cli/in-process.js';
import { cleanEnv, runCli, type CliOptions, type CliResult } from './cli.js';

/**
 * Dialects the client does not handle yet, and what it lacks. The client side is
 * issue 10 item 2 (branch client-hardening): move a dialect to HANDLED when it passes.
 */
export const NOT_YET: Readonly<Record<string, string>> = {};

/** Every dialect but those in NOT_YET, in the table's order. */
export const HANDLED: readonly string[] = DIALECTS.map((d) => d.name).filter((name) => !(name in NOT_YET));

export interface MatrixEntry {
  dialect: string;
  /**
   * Runs groupctl: as a child process for `docs` (the binary end to end), in this
   * process for the other dialects, which differ only in what comes over HTTP (a
   * process start per call for every dialect would cost minutes of the suite).
   */
  cli(args: string[], options?: CliOptions): Promise<CliResult>;
}

export function matrixEntry(dialect: string): MatrixEntry {
  return { dialect, cli: dialect === 'docs' ? runCli : runHere };
}

/** The matrix over HANDLED (or the given names), for describe.each. */
export function dialectMatrix(names: readonly string[] = HANDLED): MatrixEntry[] {
  return names.map(matrixEntry);
}

async function runHere(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env = cleanEnv(options.env);
  const result = await runInProcess(args, { ...(options.cwd !== undefined ? { cwd: options.cwd } : {}), env });
  return { code: result.code === 'running' ? null : result.code, signal: null, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Dialect combinations that together put every pair of dialects of different topics in
 * one server at least once (a pairwise covering set, built greedily in table order): a
 * real server may answer in one reading on one topic and another on the next, and two
 * readings can meet in one run. Each combination is a comma list the emulator takes.
 */
export function dialectPairs(names: readonly string[] = HANDLED): string[] {
  const topicOf = new Map(DIALECTS.filter((d) => d.topic !== undefined && names.includes(d.name)).map((d) => [d.name, d.topic as string]));
  const all = [...topicOf.keys()];
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const uncovered = new Set<string>();
  for (const a of all) for (const b of all) if (a < b && topicOf.get(a) !== topicOf.get(b)) uncovered.add(key(a, b));
  const combos: string[] = [];
  while (uncovered.size > 0) {
    const [a, b] = [...uncovered][0]!.split('|') as [string, string];
    const combo = [a, b];
    for (const c of all) {
      if (combo.some((d) => topicOf.get(d) === topicOf.get(c))) continue;
      if (combo.some((d) => uncovered.has(key(c, d)))) combo.push(c);
    }
    for (const x of combo) for (const y of combo) if (x < y) uncovered.delete(key(x, y));
    combos.push(combo.join(','));
  }
  return combos;
}
