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

  // A run that ends without an answer must never pass as a clean one (exit 0): a rejection, or an
  // event loop that drains before main() settles, exits 2, as the top-level await it replaces did.
  let settled = false;
  process.once('beforeExit', () => {
    if (settled) return;
    process.stderr.write('jwtscan: internal error: the run ended before the command finished\n');
    process.exitCode = 2;
  });
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    signal: interrupt.signal,
    ownsProcess: true,
  }).then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      process.stderr.write(`jwtscan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
