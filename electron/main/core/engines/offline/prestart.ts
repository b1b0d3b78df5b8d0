import { OfflineSynthesizer } from './offline-synthesizer';

/**
 * eSpeak workers started before the run asks for them. Loading eSpeak and warming it up takes a
 * worker ~0.2-0.5 s, and the CLI spends about as long loading its own modules, reading the course
 * and claiming the folder on the main thread: started first (electron/cli/generate-entry.ts), the two
 * overlap on separate cores instead of following each other. The offline engine adopts them in
 * createSynthesizer(); whatever is not adopted is closed by discardPrestartedSynthesizers().
 */
const waiting: Array<Promise<OfflineSynthesizer>> = [];

/** Starts `count` workers with the default options (the ones the CLI's engine uses); `start` is for tests. */
export function prestartOfflineSynthesizers(count: number, start: () => Promise<OfflineSynthesizer> = () => OfflineSynthesizer.create()): void {
  for (let i = 0; i < count; i++) {
    const starting = start();
    starting.catch(() => undefined); // a failed start is the adopter's to report (it starts one of its own)
    waiting.push(starting);
  }
}

/** The next prestarted worker, if any (each is handed out once). */
export function takePrestartedSynthesizer(): Promise<OfflineSynthesizer> | undefined {
  return waiting.shift();
}

/** Closes the prestarted workers nothing adopted (the run stopped before it needed them). */
export async function discardPrestartedSynthesizers(): Promise<void> {
  const left = waiting.splice(0);
  await Promise.all(left.map((starting) => starting.then((synthesizer) => synthesizer.close()).catch(() => undefined)));
}
