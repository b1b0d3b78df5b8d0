import { handleInterrupts, type InterruptHandle } from '../main/core/interrupts';

/** Exit status of a run stopped by Ctrl+C (or SIGTERM): 128 + SIGINT, as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Ctrl+C during `npm run generate`: the first signal (and its copies from npm, tsx and the process
 * group, core/interrupts.ts) cancels the run; the run then ends normally, so the summary and the
 * `--json` line are printed and the exit status is 130. A second Ctrl+C at least a second later
 * exits at once (130 too); finished renders are on disk and in the journal either way.
 */
export function cancelOnInterrupt(cancel: () => void, log: (line: string) => void): InterruptHandle {
  return handleInterrupts({
    onInterrupt: (signal) => {
      cancel(); // first: it stops the progress bar, which the line below would otherwise garble
      log(`\n${signal}: cancelling; finished renders are kept (press Ctrl+C again to quit at once)`);
    },
    onForce: (signal) => {
      log(`${signal} again: quitting now`);
      process.exit(INTERRUPTED_EXIT_CODE);
    },
  });
}
