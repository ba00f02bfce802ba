/**
 * Keeps a large run's memory near its live data. Reading 100,000 groups allocates far more
 * than it keeps (response bodies, parsed JSON, snapshots waiting for their admin lists),
 * and with Node's default heap limit (a quarter of the machine's memory) V8 lets that
 * garbage pile up to twice the live data before it collects. The limit cannot be changed
 * once the process runs, so the CLI asks for a full collection itself, and only when the
 * heap is mostly garbage: small and medium runs never pay for one.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Collect when the used heap (live data and garbage) has grown by this much since the last
 * collection, or by half the live data when that is more: a collection costs about the live
 * data, so the garbage allowed grows with it (as GOGC does), and a small run keeps little.
 * 32 MB, not 48: once a 50,000-group read kept less (issue 23), 16 MB less garbage was 10-12 MB
 * less peak RSS for three more collections (about 0.2 s of pauses; test/bench/README.md).
 */
const GROWTH_BYTES = 32 * 1024 * 1024;

let collect: (() => void) | undefined;
let afterLast = 0;

/** Called every few hundred groups read; collects only when the heap has grown by GROWTH_BYTES (or half the live data) since the last collection. */
export function collectGarbageIfBloated(): void {
  if (process.memoryUsage().heapUsed - afterLast < Math.max(GROWTH_BYTES, afterLast / 2)) return;
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
  afterLast = process.memoryUsage().heapUsed;
}
