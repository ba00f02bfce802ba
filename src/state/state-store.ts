/**
 * Which live group each config key is bound to, kept so that it survives kill -9 at any
 * moment: every change is appended to `${path}.journal` before the method returns, and
 * `save` folds the journal into the file (atomic rewrite) and then removes it. Journal
 * entries are idempotent, so a crash between those two steps only replays changes the
 * file already holds.
 */
import { unlinkSync } from 'node:fs';
import { removeDeadTemporaries, writeFileAtomic, writeFileAtomicSync } from '../durable/index.js';
import type { Binding, GroupIdVerdict } from '../model/group.js';
import { appendEntry, applyEntry, changesBindings, journalPathOf, requireKey, type JournalEntry } from './journal.js';
import { loadState, refusedLinesError } from './fold-journal.js';
import { acquireLock, lockPathOf, type StateLock } from './lock.js';
import { refuseLink, resolveStatePath } from './resolve-state-path.js';
import { type CreateIntent, type StateData, formatStateData } from './state-data.js';
import { StateError } from './state-error.js';
import { StateViews } from './sorted-view.js';

export type { CreateIntent, StateData } from './state-data.js';
export { defaultStatePath } from './default-state-path.js';

export class StateStore {
  /** Bumped by every append; `save` removes the journal only if none came in meanwhile. */
  #appends = 0;
  #saving: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(
    /** The state file as given (messages name it). */
    readonly path: string,
    /** Where its content lives: the target when `path` is a symbolic link (resolve-state-path.ts). */
    private readonly file: string,
    private readonly data: StateData,
    private readonly lock: StateLock | undefined,
  ) {
    this.#views = new StateViews(data);
  }

  /**
   * Load the state file and replay its journal. With `lock` (the default) the store is
   * exclusive and writable; without it the store is a read-only snapshot (for `plan`).
   */
  static async open(path: string, options: { lock?: boolean; importCommand?: string } = {}): Promise<StateStore> {
    const file = resolveStatePath(path);
    const journalPath = journalPathOf(file);
    refuseLink(journalPath, 'journal');
    if (options.lock !== false) refuseLink(lockPathOf(file), 'lock');
    const lock = options.lock === false ? undefined : acquireLock(file);
    try {
      const { data, refused, replayed } = loadState(file, journalPath, lock !== undefined, options.importCommand);
      if (lock) removeDeadTemporaries(file);
      const store = new StateStore(path, file, data, lock);
      if (lock) {
        // A journal left by a kill -9 is folded in now, so the state file alone holds it.
        if (replayed) store.foldSync();
        if (refused.length > 0) throw refusedLinesError(journalPath, file, refused, true, options.importCommand);
        store.#foldOnExit = () => store.foldSync();
        // Before the lock's own exit handler: the file is written while the lock is still ours.
        process.prependListener('exit', store.#foldOnExit);
      }
      return store;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /** Every change is appended to the journal before its method returns (see ApplyState). */
  readonly journaled = true;

  /** The journal beside the state file. */
  get journalPath(): string {
    return journalPathOf(this.file);
  }

  /** This state file's lineage (see StateData); undefined until the file is first written. */
  get lineage(): string | undefined {
    return this.data.lineage;
  }

  /** Bumped by every change of the bindings (see StateData). */
  get serial(): number {
    return this.data.serial;
  }

  /** Bindings by key, sorted by key. */
  bindings(): ReadonlyMap<string, Binding> {
    return this.#views.sorted().bindings;
  }

  /** The keys bound to group `id`, sorted, without copying the bindings (apply checks every create answer). */
  keysBoundTo(id: string): readonly string[] {
    return this.#views.keysBoundTo(id);
  }

  /** One key's binding (a copy), without sorting and copying them all. */
  binding(key: string): Binding | undefined {
    return structuredClone(this.data.bindings[key]);
  }

  /** One key's create intent (a copy). */
  intent(key: string): CreateIntent | undefined {
    return structuredClone(this.data.intents[key]);
  }

  /** Create intents by key, sorted by key. */
  intents(): ReadonlyMap<string, CreateIntent> {
    return this.#views.sorted().intents;
  }

  /** Remember that a create for `intent.key` is about to be sent. Durable on return. */
  recordIntent(intent: CreateIntent): void {
    requireKey(intent.key);
    this.change({ op: 'intent', intent: { ...intent } });
  }

  /** Bind a key to a live group (replacing any binding) and clear its intent. Durable on return. */
  bind(key: string, binding: Binding): void {
    requireKey(key);
    if (typeof binding.id !== 'string' || binding.id === '') throw new StateError(`cannot bind "${key}": empty group id`);
    const copy: Binding = binding.written ? { id: binding.id, written: { ...binding.written } } : { id: binding.id };
    this.change({ op: 'bind', key, binding: copy });
  }

  /** Hand `from`'s binding to `to` (replacing any binding of `to`). Durable on return. */
  move(from: string, to: string): void {
    [from, to].forEach(requireKey);
    const binding = this.data.bindings[from];
    if (!binding) throw new StateError(`cannot move "${from}" to "${to}": "${from}" is not bound`);
    this.change({ op: 'move', from, key: to, binding: structuredClone(binding) });
  }

  /** The app the bindings belong to (StateData.app); undefined until an apply records it. */
  get app(): string | undefined {
    return this.data.app;
  }

  /** Record the app the bindings belong to. Durable on return. */
  recordApp(app: string): void {
    if (this.data.app !== app) this.change({ op: 'app', app });
  }

  /** What the app did with a chosen groupid when one was last sent (StateData.groupid). */
  get groupid(): GroupIdVerdict | undefined {
    return this.data.groupid;
  }

  /** Record it. Durable on return. */
  recordGroupid(verdict: GroupIdVerdict): void {
    if (this.data.groupid !== verdict) this.change({ op: 'groupid', groupid: verdict });
  }

  /** Forget a key's binding. Durable on return. */
  unbind(key: string): void {
    requireKey(key);
    this.change({ op: 'unbind', key });
  }

  /** Forget a key's create intent. Durable on return. */
  clearIntent(key: string): void {
    requireKey(key);
    this.change({ op: 'clear-intent', key });
  }

  /** Merge write-only settings as last written into a bound key. Durable on return. */
  setWritten(key: string, written: Binding['written']): void {
    requireKey(key);
    if (!this.data.bindings[key]) throw new StateError(`cannot record written settings for "${key}": it is not bound`);
    this.change({ op: 'written', key, written: { ...written } });
  }

  /** Rewrite the file atomically with every change so far and remove the journal. */
  async save(): Promise<void> {
    this.requireWritable('save');
    const next = this.#saving.then(() => this.compact());
    this.#saving = next.catch(() => undefined);
    return next;
  }

  /** Save and release the lock. Idempotent; a read-only store only closes. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.lock) await this.save();
    } finally {
      this.#closed = true;
      if (this.#foldOnExit) process.removeListener('exit', this.#foldOnExit);
      this.lock?.release();
    }
  }

  #foldOnExit: (() => void) | undefined;

  /**
   * Fold the journal into the state file synchronously: at open (after a kill -9) and at an
   * exit with the store open (a signal, an error), so after any exit but kill -9 the file holds every binding.
   */
  foldSync(): void {
    if (this.#closed || !this.lock) return;
    this.data.lineage ??= process.getBuiltinModule('node:crypto').randomUUID();
    try {
      writeFileAtomicSync(this.file, formatStateData(this.data));
      unlinkSync(this.journalPath);
    } catch {
      // The journal stays and still holds every change; the next run folds it.
    }
  }

  private async compact(): Promise<void> {
    const appendsBefore = this.#appends;
    // Old files (and new ones) get their lineage on their first write; it never changes after.
    // node:crypto is loaded then, not at import (durable/temporaries.ts says why).
    this.data.lineage ??= process.getBuiltinModule('node:crypto').randomUUID();
    try {
      await writeFileAtomic(this.file, formatStateData(this.data));
    } catch (error) {
      throw new StateError(`cannot write state ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    // A change appended while the file was being written is not in it: keep the journal
    // (replaying it over the new file is harmless), the next save folds it in.
    if (this.#appends !== appendsBefore) return;
    try {
      unlinkSync(this.journalPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StateError(`cannot remove state journal ${this.journalPath}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  private change(change: JournalEntry): void {
    this.requireWritable('change');
    const entry = !['intent', 'clear-intent', 'app', 'groupid'].includes(change.op) && changesBindings(this.data, change) ? { ...change, serial: this.data.serial + 1 } : change;
    try {
      appendEntry(this.journalPath, entry);
    } catch (error) {
      throw new StateError(`cannot append to state journal ${this.journalPath}: ${(error as Error).message}`, { cause: error });
    }
    this.#appends++;
    this.#views.change(entry, () => applyEntry(this.data, entry));
  }

  readonly #views: StateViews;

  private requireWritable(what: string): void {
    if (this.#closed) throw new StateError(`cannot ${what} state ${this.path}: it is closed`);
    if (!this.lock) throw new StateError(`cannot ${what} state ${this.path}: it was opened read-only (without the lock)`);
  }
}
