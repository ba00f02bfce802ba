/**
 * Chosen group ids (`apply --id-strategy chosen`). Each create sends a `groupid` derived
 * from the state file's lineage and the key, so a create whose answer was lost can be
 * sent again without risk: the server answers "group ID X already exists!" (FACTS.md,
 * "create, extra fields") and the group is adopted instead of made twice.
 *
 * FACTS.md: whether an app takes `groupid` is not documented. The first create of a run
 * is the probe (the others wait for its answer): an answer naming another id means this
 * app ignores it, and the rest of the run sends none, so a run never mixes chosen and
 * service ids. An answer that settles nothing (a lost answer, a refusal) hands the probe
 * to the next create.
 */
import { createHash } from 'node:crypto';
import type { IdStrategy } from '../model/group.js';
import type { ApplyState } from './apply-state.js';

export type { IdStrategy };

export const ID_STRATEGIES: readonly IdStrategy[] = ['service', 'chosen'];

/** Said once, by the create that found out. */
export const IGNORED_NOTE = 'this app ignores groupid; creates use service ids';

/**
 * "gc" + the first 30 hex digits of sha256(lineage NUL key NUL replaced id): 32 letters
 * and digits, within groupIdProblem's rule. The lineage keeps two state files (two
 * environments of one app) apart; the replaced id gives a recreate an id of its own.
 */
export function chosenGroupId(lineage: string, key: string, replaces: string | undefined): string {
  const digest = createHash('sha256').update(`${lineage}\0${key}\0${replaces ?? ''}`).digest('hex');
  return `gc${digest.slice(0, 30)}`;
}

/** Whether a create may send its chosen id, and how it reports what the answer showed. */
export interface ChosenTurn {
  /** Send the chosen id. */
  readonly send: boolean;
  /** The app is known to take chosen ids: an unclear answer may be repaired by sending the same create again. */
  readonly honoured: boolean;
  /** What the answer showed (undefined: nothing); call once, always. */
  settle(verdict?: 'honoured' | 'ignored'): void;
}

/** One run's knowledge of whether the app takes chosen ids. */
export class ChosenIds {
  private verdict: 'unknown' | 'honoured' | 'ignored' = 'unknown';
  private probe: Promise<void> | undefined;
  private lineage: Promise<string | undefined> | undefined;

  /**
   * The state file's lineage. A new file gets one on its first write, which a journaled
   * store leaves to the end of the run, so that write is made now, once.
   */
  lineageOf(state: ApplyState): Promise<string | undefined> {
    this.lineage ??= (async () => {
      if (state.lineage === undefined) await state.save();
      return state.lineage;
    })();
    // A failed write is not remembered: the next create tries again.
    this.lineage.catch(() => (this.lineage = undefined));
    return this.lineage;
  }

  async turn(): Promise<ChosenTurn> {
    while (this.verdict === 'unknown' && this.probe !== undefined) await this.probe;
    if (this.verdict !== 'unknown') {
      const honoured = this.verdict === 'honoured';
      return { send: honoured, honoured, settle: () => undefined };
    }
    let release: () => void = () => undefined;
    this.probe = new Promise((resolve) => (release = resolve));
    return {
      send: true,
      honoured: false,
      settle: (verdict) => {
        if (verdict !== undefined && this.verdict === 'unknown') this.verdict = verdict;
        this.probe = undefined;
        release();
      },
    };
  }
}
