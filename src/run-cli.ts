/**
 * The `jwtscan` command in this process: its arguments, stdout and stderr, signals and exit code.
 * Started by the bin (dist/jwtscan.cjs, through the bundle) and by the unbundled src/cli.ts.
 */
import { main } from './main.js';

export function runCli(): void {
  // SIGINT / SIGTERM stop the scan between files: the partial report is still written, and the exit
  // code says it is partial. A second signal exits at once.
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(130);
      interrupt.abort();
    });
  }

  // `jwtscan … | head`: a closed pipe ends the output, not with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    signal: interrupt.signal,
    ownsProcess: true,
  }).then((code) => {
    process.exitCode = code;
  });
}
