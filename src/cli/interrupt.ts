/**
 * SIGINT / SIGTERM. By default the process exits at once (130 / 143): the state journal
 * is durable and the state store folds it into the state file on exit. A command in the
 * middle of changes (apply) registers a stopper instead: the first signal asks it to
 * start nothing new and finish cleanly; a second one exits at once.
 */

export type Stopper = (signal: NodeJS.Signals) => void;

/** The shell's exit codes for a process ended by a signal (128 + its number). */
export const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

let stopper: Stopper | undefined;
let received: NodeJS.Signals | undefined;

/** Route the next signal to `stop` until the returned function is called. */
export function onInterrupt(stop: Stopper): () => void {
  stopper = stop;
  return () => {
    if (stopper === stop) stopper = undefined;
  };
}

/**
 * Called by the process's signal handler: true when a stopper took the signal (the
 * command finishes and exits itself), false when the process should exit now.
 */
export function deliverSignal(signal: NodeJS.Signals): boolean {
  if (received !== undefined || stopper === undefined) return false;
  received = signal;
  stopper(signal);
  return true;
}

/** The signal a stopper took, if any: the command's exit code then comes from it. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}
