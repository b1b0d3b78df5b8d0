/**
 * The worker's eSpeak (the `espeak-ng` package's program, one line of SSML per job) speaks what Debian's
 * own `espeak-ng -v VOICE -s WPM -p PITCH` speaks: the same speech length (to 1 %) and the same rough
 * frequency (to 2 %), measured by sox on both, the same voice pitch (median F0 to 3 %), whatever job
 * came before. Not sample for sample: the
 * package is eSpeak NG 1.52-dev and Debian's 1.51, and eSpeak's output varies by a few samples from one
 * utterance to the next in one process. A wrong rate (1.0 for 0.7: 43 % longer), voice or language
 * shows at once. Only the pause after the last word may differ by design (eSpeak sizes it by the base
 * rate), so both are trimmed (docs/design/offline-engine.md, 3b).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { espeakLines } from '../../../electron/main/core/engines/offline/espeak-lines';
import { startEspeakWorker, terminateQuietly } from '../../../electron/main/core/engines/offline/espeak-worker-thread';
import type { FromWorker, ToWorker } from '../../../electron/main/core/engines/offline/worker-protocol';
import { encodeWav, parseWavHeader } from '../../../electron/main/core/output/wav';
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

function samplesOf(file: string): Int16Array {
  const wav = readFileSync(file);
  const header = parseWavHeader(wav);
  return new Int16Array(wav.buffer.slice(wav.byteOffset + header.dataOffset, wav.byteOffset + header.dataOffset + header.dataBytes));
}

/** Median fundamental frequency (Hz) of the voiced 40 ms frames of 22.05 kHz speech, by autocorrelation (60-400 Hz). */
function medianF0(samples: Int16Array, sampleRate = 22050): number {
  const frame = Math.round(0.04 * sampleRate);
  const estimates: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let energy = 0;
    for (let i = start; i < start + frame; i++) energy += samples[i]! * samples[i]!;
    if (energy / frame < 1e5) continue; // silence or a breath, not a voiced frame
    let best = -Infinity;
    let bestLag = 0;
    for (let lag = Math.floor(sampleRate / 400); lag < Math.ceil(sampleRate / 60); lag++) {
      let sum = 0;
      for (let i = start; i + lag < start + frame; i += 2) sum += samples[i]! * samples[i + lag]!;
      if (sum > best) [best, bestLag] = [sum, lag];
    }
    estimates.push(sampleRate / bestLag);
  }
  estimates.sort((a, b) => a - b);
  return estimates[Math.floor(estimates.length / 2)]!;
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

  it("the pitch asked for is the pitch heard: the median F0 equals Debian's -p at 20, 50 and 80, and rises with it", async () => {
    const heard: number[] = [];
    for (const pitch of [20, 50, 80]) {
      const job = { text: 'Hello, how are you today? I am fine.', voice: 'gmw/en-US', wpm: 175, pitch };
      const oursHz = medianF0(await synthesize(job));
      const file = join(temp.dir, `debian-pitch-${pitch}.wav`);
      execFileSync('espeak-ng', ['-m', '-v', job.voice, '-p', String(pitch), '-w', file, `<speak>${job.text}</speak>`]);
      const debianHz = medianF0(samplesOf(file));
      expect(Math.abs(oursHz / debianHz - 1), `pitch ${pitch}: ${oursHz} Hz against ${debianHz} Hz`).toBeLessThan(0.03);
      heard.push(oursHz);
    }
    expect(heard[1]! / heard[0]!).toBeGreaterThan(1.15);
    expect(heard[2]! / heard[1]!).toBeGreaterThan(1.15);
  });

  it('a job says the same after any other: no voice, rate or pitch leaks from the one before', async () => {
    const [first, ...others] = CASES;
    const alone = await ours(first!);
    for (const other of others) await synthesize(other);
    expectSameSpeech(await ours(first!), alone);
  });

  it('a text longer than a line is spoken whole: its lines joined last as long as its sentences one by one', async () => {
    const sentence = 'Buenos días, me llamo Pedro y vivo en Madrid.';
    const one = await synthesize({ text: sentence, voice: 'roa/es', wpm: 175, pitch: 50 });
    const text = Array.from({ length: 40 }, () => sentence).join(' ');
    const lines = espeakLines(`<speak>${text}</speak>`, 'roa/es', 175, 50);
    expect(lines.length).toBeGreaterThan(1);
    const whole = await synthesize({ text, voice: 'roa/es', wpm: 175, pitch: 50 });
    expect(Math.abs(whole.length / (40 * one.length) - 1)).toBeLessThan(0.1);
  });

  it('a voice its data does not have is refused, and the worker goes on', async () => {
    await expect(synthesize({ text: 'Hola.', voice: 'roa/xx-nope', wpm: 175, pitch: 50 })).rejects.toThrow(/no voice "roa\/xx-nope"/);
    expect((await synthesize(CASES[1]!)).length).toBeGreaterThan(0);
  });
});
