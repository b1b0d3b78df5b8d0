import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { handleInterrupts } from '../../../electron/main/core/interrupts';
import { consoleLogger } from '../../../electron/main/core/studio/logger';
import { startStudioBridge } from './studio-bridge';

/**
 * `npm run studio:web -- [--port P] [--course FILE]`: the studio in a browser, for machines where
 * Electron cannot run. Loopback only, with a random token; prints `STUDIO_URL=...` when ready, runs
 * until SIGINT/SIGTERM, then shuts down through the ShutdownCoordinator, logs `shutdown complete: <steps>`
 * and exits 0; a second signal at least 1 s later exits at once with 130.
 */
const USAGE = `Usage: npm run studio:web -- [--port P] [--course FILE] [--settings DIR]

  --port P        listen on 127.0.0.1:P (default: a free port)
  --course FILE   open this course (.json or .csv) at start
  --settings DIR  settings, key and audition cache (default ~/.course-audio-studio-web)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, course: { type: 'string' }, settings: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`error: --port must be a port number, got "${values.port}"\n`);
    process.exit(2);
  }
  const settingsDir = values.settings ?? join(homedir(), '.course-audio-studio-web');
  mkdirSync(settingsDir, { recursive: true, mode: 0o700 });

  const bridge = await startStudioBridge({ port, settingsDir, ...(values.course ? { coursePath: values.course } : {}), log: consoleLogger });
  process.stdout.write(`STUDIO_URL=${bridge.url}\n`);

  // core/interrupts.ts: copies of one Ctrl+C count once, and when-exit (conf -> atomically) can no
  // longer re-raise the signal past the graceful shutdown.
  handleInterrupts({
    onInterrupt: (signal) => {
      process.stderr.write(`${signal}: shutting down (finished renders are kept; press Ctrl+C again to quit at once)\n`);
      void bridge.close().then((report) => {
        if (report.timedOut || report.failed.length) process.stderr.write(`shutdown: ${JSON.stringify(report)}\n`);
        process.stderr.write(`shutdown complete: ${report.completed.join(', ')} (${report.elapsedMs} ms)\n`);
        process.exit(0);
      });
    },
    onForce: (signal) => {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(130);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
