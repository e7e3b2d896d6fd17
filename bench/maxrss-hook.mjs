// Loaded with `node --import` when /usr/bin/time is not available: writes the process's peak RSS
// and CPU time to the file named by JWTSCAN_BENCH_RSS_FILE when it exits.
import fs from 'node:fs';

const file = process.env.JWTSCAN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ rssMB: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
