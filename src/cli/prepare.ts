/**
 * What plan, apply and import find before the engine runs: the config's paths and the
 * state file's place, relative to the command's folder (the engine, src/engine/, reads and plans).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { type DesiredState } from '../model/group.js';
import { defaultStatePath, StateStore } from '../state/index.js';
import { type Io, UserError } from './io.js';
import type { CommandSettings } from './settings.js';
import type { Rerun } from '../util/rerun.js';

/** The PATH when none is given (CONTRACT.md). */
export const DEFAULT_PATHS = ['groups/'];

/** PATH arguments, resolved; the default `groups/` must exist (`example` is the command to show instead, its flags repeated). */
export function configPaths(positionals: string[], io: Io, example = 'npx groupctl plan examples/small-team'): string[] {
  if (positionals.length > 0) return positionals.map((p) => path.resolve(io.cwd, p));
  const fallback = path.resolve(io.cwd, DEFAULT_PATHS[0]!);
  if (!existsSync(fallback)) {
    throw new UserError(
      'no configuration: groups/ does not exist here.\n' +
        `Pass the YAML files or folders to read (e.g. "${example}"), or create groups/.`,
    );
  }
  return [fallback];
}

/** The configuration, read relative to the command's folder (so errors show the paths the user typed). */
export function loadDesired(paths: string[], io: Io): Promise<DesiredState> {
  return loadConfig(paths, { cwd: io.cwd });
}

/**
 * Where the bindings live: --state, else beside the config; with --sandbox (and no
 * --state) beside the sandbox file, so sandbox ids never mix with a real app's.
 */
export function statePathFor(settings: Pick<CommandSettings, 'stateFile' | 'connection'>, paths: string[]): string {
  const { target } = settings.connection;
  return stateFileFor(settings.stateFile, target.kind === 'sandbox' ? target.file : undefined, paths);
}

/** The same rule from its parts, for `validate`, which opens no connection. */
export function stateFileFor(stateFile: string | undefined, sandboxFile: string | undefined, paths: string[]): string {
  if (stateFile !== undefined) return stateFile;
  if (sandboxFile !== undefined) return sandboxFile.replace(/\.json$/, '') + '.state.json';
  return defaultStatePath(paths);
}

/**
 * The state store for a command that writes it. Its folder is made first: the lock file
 * goes beside the state file, and with --sandbox in a fresh folder .groupctl/ is not there yet.
 */
export function openWritableState(file: string, rerun?: Rerun): Promise<StateStore> {
  mkdirSync(path.dirname(file), { recursive: true });
  return StateStore.open(file, { lock: true, ...importHint(rerun) });
}

/** The import command a refused journal line's message names, with the user's flags. */
export function importHint(rerun: Rerun | undefined): { importCommand?: string } {
  return rerun ? { importCommand: rerun('import', ['KEY', 'GROUP_ID']) } : {};
}
