/**
 * p-limit whose size may follow another's: a read keeps going only as many calls as the
 * transport beneath puts in flight now (ReadLiveOptions.callsAtOnce, `auto` concurrency).
 */
import pLimit from 'p-limit';

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

/** p-limit at `most`, or, with `now`, at what `now` says (within 1..most), asked again as each call ends. */
export function followingLimit(most: number, now: (() => number) | undefined): Limit {
  if (now === undefined) return pLimit(most);
  const size = (): number => Math.min(most, Math.max(1, Math.floor(now())));
  const limit = pLimit(size());
  return (fn) =>
    limit(async () => {
      try {
        return await fn();
      } finally {
        limit.concurrency = size();
      }
    });
}
