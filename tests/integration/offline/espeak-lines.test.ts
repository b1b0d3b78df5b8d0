/**
 * The worker's eSpeak (the `espeak-ng` package's program, one line of SSML per job) speaks what Debian's
 * own `espeak-ng -v VOICE -s WPM -p PITCH` speaks: the same speech length (to 1 %) and the same rough
 * frequency (to 2 %), measured by sox on both, whatever job came before. Not sample for sample: the
 * package is eSpeak NG 1.52-dev and Debian's 1.51, and eSpeak's output varies by a few samples from one
 * utterance to the next in one process. A wrong rate (1.0 for 0.7: 43 % longer), voice or language
 * shows at once. Only the pause after the last word may differ by design (eSpeak sizes it by the base
 * rate), so both are trimmed (docs/design/offline-engine.md, 3b).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { espeakLines } from '../../../electron/main/core/engines/offline/espeak-lines';
import { startEspeakWorker, terminateQuietly } from '../../../electron/main/core/engines/offline/espeak-worker-thread';
import type { FromWorker, ToWorker } from '../../../electron/main/core/engines/offline/worker-protocol';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';

const espeakTool = prerequisite('espeak-ng');
const soxTool = prerequisite('sox');
const temp = useTempFolder('cas-espeak-lines-');

interface Case {
  readonly text: string;
  readonly voice: string;
  readonly wpm: number;
  readonly pitch: number;
}

const CASES: Case[] = [
  { text: 'Hello, how are you? I am fine, thanks.', voice: 'gmw/en-US', wpm: 175, pitch: 50 },
  { text: 'Hola, ¿cómo estás?', voice: 'roa/es', wpm: 122, pitch: 40 }, // 0.7x: one rate level
  { text: 'Buenos días. Me llamo Pedro.', voice: 'roa/es', wpm: 123, pitch: 60 }, // two nested levels
  { text: 'Bonjour, je voudrais un café.', voice: 'roa/fr', wpm: 230, pitch: 55 },
  { text: 'Guten Morgen, wie geht es Ihnen?', voice: 'gmw/de', wpm: 88, pitch: 45 },
];

let worker: Worker;
let post: (message: ToWorker) => void;
let nextId = 1;

function synthesize(job: Case): Promise<Int16Array> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if (!('id' in message) || message.id !== id) return;
      worker.off('message', onMessage);
      if (message.type === 'result') resolve(message.pcm);
      else if (message.type === 'failed') reject(new Error(message.message));
    };
    worker.on('message', onMessage);
    post({ type: 'synth', id, voice: job.voice, lines: espeakLines(`<speak>${job.text}</speak>`, job.voice, job.wpm, job.pitch) });
  });
}

/** Speech length (s) and rough frequency (Hz) by sox, silence trimmed at both ends. */
function measured(file: string): { seconds: number; roughHz: number } {
  const result = spawnSync('sox', [file, '-n', 'silence', '1', '0.01', '0.2%', 'reverse', 'silence', '1', '0.01', '0.2%', 'reverse', 'stat'], { encoding: 'utf8' });
  const seconds = /Length \(seconds\):\s+([\d.]+)/.exec(result.stderr)?.[1];
  const roughHz = /Rough\s+frequency:\s+(\d+)/.exec(result.stderr)?.[1];
  if (!seconds || !roughHz) throw new Error(`sox stat said: ${result.stderr}`);
  return { seconds: Number(seconds), roughHz: Number(roughHz) };
}

async function ours(job: Case): Promise<{ seconds: number; roughHz: number }> {
  const file = join(temp.dir, `ours-${nextId}.wav`);
  writeFileSync(file, encodeWav(await synthesize(job), 22050));
  return measured(file);
}

function debian(job: Case): { seconds: number; roughHz: number } {
  const file = join(temp.dir, `debian-${nextId++}.wav`);
  execFileSync('espeak-ng', ['-m', '-v', job.voice, '-s', String(job.wpm), '-p', String(job.pitch), '-w', file, `<speak>${job.text}</speak>`]);
  return measured(file);
}

const expectSameSpeech = (actual: { seconds: number; roughHz: number }, expected: { seconds: number; roughHz: number }): void => {
  expect(actual.seconds).toBeGreaterThan(0.5);
  expect(Math.abs(actual.seconds / expected.seconds - 1), `${actual.seconds} s against ${expected.seconds} s`).toBeLessThan(0.01);
  expect(Math.abs(actual.roughHz / expected.roughHz - 1), `${actual.roughHz} Hz against ${expected.roughHz} Hz`).toBeLessThan(0.02);
};

beforeAll(async () => {
  ({ worker, post } = await startEspeakWorker({}));
});
afterAll(async () => {
  if (worker) await terminateQuietly(worker);
});

describe.skipIf(espeakTool.missing || soxTool.missing)(espeakTool.title(soxTool.title("the worker's eSpeak against Debian's espeak-ng")), () => {
  it.each(CASES)('$voice at $wpm wpm, pitch $pitch: the same speech', async (job) => {
    expectSameSpeech(await ours(job), debian(job));
  });

  it('a job says the same after any other: no voice, rate or pitch leaks from the one before', async () => {
    const [first, ...others] = CASES;
    const alone = await ours(first!);
    for (const other of others) await synthesize(other);
    expectSameSpeech(await ours(first!), alone);
  });

  it('a voice its data does not have is refused, and the worker goes on', async () => {
    await expect(synthesize({ text: 'Hola.', voice: 'roa/xx-nope', wpm: 175, pitch: 50 })).rejects.toThrow(/no voice "roa\/xx-nope"/);
    expect((await synthesize(CASES[1]!)).length).toBeGreaterThan(0);
  });
});
