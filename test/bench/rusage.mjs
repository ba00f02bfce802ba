// Preloaded (`node --import`) into a measured process, groupctl's or the floor's alike: at
// exit it writes the process's own CPU time and peak RSS to $BENCH_RUSAGE_FILE, so both
// are measured the same way whatever they print.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssBytes: usage.maxRSS * 1024 }));
  });
}
