// eSpeak NG worker thread: one eSpeak instance, one job at a time. See worker-protocol.ts for the
// message contract and offline-synthesizer.ts for the main-thread side.
//
// Why plain `.mjs` and not `.ts`: a worker thread starts a fresh module loader from a file URL. Under
// `tsx` (npm run generate) and vitest the main thread can import TypeScript, but a worker is not
// guaranteed to inherit those hooks, and an electron-vite bundle has no TypeScript at run time at
// all. Plain ESM JavaScript runs unchanged in all three, with no build step, and `.mjs` makes it ESM
// whatever package.json says. Keep it dependency-light: it imports only eSpeak. It returns PCM only:
// masters are PCM WAV, and MP3 is derived from them by output/mp3.ts, the one MP3 encoder path.
//
// `@echogarden/espeak-ng-emscripten` is imported only here: it is GPL-3.0, ~25 MB, and finds
// `espeak-ng.data` beside itself through import.meta.url, so it must stay an external package.

import { parentPort, threadId, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('espeak-worker.mjs must run as a worker thread');
const port = parentPort;

/** @type {{ warmupVoice: string }} */
const init = { warmupVoice: 'roa/es', ...(workerData ?? {}) };

const WARMUP_INPUT = '<speak>Hola, ¿qué tal? Hello, how are you today?</speak>';

/** eSpeak's own stderr lines (emscripten printErr), kept for crash reports. */
const stderrTail = [];
let espeak; // eSpeakNGWorker
let sampleRate = 22050;
/** The eSpeak voice set last (undefined: unknown, set it again). */
let currentVoice;
/** Set once the eSpeak instance can no longer be trusted (Aborted(), unexpected exception). */
let dead = false;
/** Test hook: make the next synth fail like eSpeak's Aborted(). */
let abortNextSynth = false;

class BadRequest extends Error {}

const now = () => performance.timeOrigin + performance.now();

function recordStderr(line) {
  stderrTail.push(String(line));
  if (stderrTail.length > 20) stderrTail.shift();
}

/** Synthesizes eSpeak SSML to one Int16Array (22050 Hz mono). Synchronous. */
function synthesizePcm(input, voice, wpm, pitch) {
  if (abortNextSynth) {
    abortNextSynth = false;
    throw new WebAssembly.RuntimeError('Aborted(simulated by test hook)');
  }
  // A voice change reloads the language's rules and dictionary (~3x a same-voice set_voice, plus
  // colder caches in the synthesis that follows), so it is skipped when the voice is the last job's.
  // Safe: toEspeakSsml drops <voice>/<lang>, so nothing but set_voice changes eSpeak's voice, and rate
  // and pitch are set for every job.
  if (voice !== currentVoice) {
    currentVoice = undefined; // until set_voice has succeeded
    const rc = espeak.set_voice(voice);
    if (rc !== 0) throw new BadRequest(`eSpeak has no voice "${voice}" (set_voice returned ${rc})`);
    currentVoice = voice;
  }
  espeak.set_rate(wpm);
  espeak.set_pitch(pitch);
  const chunks = [];
  let total = 0;
  espeak.synthesize(input, (samples) => {
    if (samples && samples.length > 0) {
      chunks.push(samples);
      total += samples.length;
    }
    return false; // false = keep going (true would stop the synthesis)
  });
  const pcm = new Int16Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    pcm.set(chunk, offset);
    offset += chunk.length;
  }
  return pcm;
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runJob(job) {
  const startedAt = now();
  if (dead) {
    port.postMessage({ type: 'failed', id: job.id, fatal: true, kind: 'engine-crash', message: 'eSpeak worker is no longer usable' });
    return;
  }
  let pcm;
  try {
    pcm = synthesizePcm(job.input, job.voice, job.wpm, job.pitch);
  } catch (error) {
    if (error instanceof BadRequest) {
      port.postMessage({ type: 'failed', id: job.id, fatal: false, kind: 'bad-request', message: error.message });
    } else {
      // Aborted() or any other exception leaves the emscripten instance in an unknown state.
      dead = true;
      port.postMessage({
        type: 'failed',
        id: job.id,
        fatal: true,
        kind: 'engine-crash',
        message: `eSpeak crashed: ${describe(error)}`,
        detail: stderrTail.join('\n') || undefined,
      });
    }
    return;
  }
  const synthEnd = now();
  if (!pcm.some((sample) => sample !== 0)) {
    port.postMessage({ type: 'failed', id: job.id, fatal: false, kind: 'bad-request', message: 'eSpeak produced only silence: the text has nothing speakable' });
    return;
  }
  const endedAt = now();
  port.postMessage({ type: 'result', id: job.id, pcm, samples: pcm.length, sampleRate, synthMs: synthEnd - startedAt, encodeMs: 0, startedAt, endedAt }, [pcm.buffer]);
}

async function start() {
  try {
    const t0 = performance.now();
    const { default: initEspeak } = await import('@echogarden/espeak-ng-emscripten');
    const t1 = performance.now();
    const module = await initEspeak({ print: () => {}, printErr: recordStderr });
    espeak = new module.eSpeakNGWorker();
    sampleRate = espeak.get_samplerate();
    const t2 = performance.now();
    const warm = synthesizePcm(WARMUP_INPUT, init.warmupVoice, 175, 50);
    if (warm.length === 0) throw new Error('warm-up synthesis produced no audio');
    const t3 = performance.now();
    port.postMessage({ type: 'ready', timings: { importMs: t1 - t0, initMs: t2 - t1, warmupMs: t3 - t2, sampleRate, threadId } });
  } catch (error) {
    dead = true;
    port.postMessage({ type: 'init-failed', message: `eSpeak failed to start: ${describe(error)}`, detail: stderrTail.join('\n') || undefined });
  }
}

// Jobs run strictly one after another, and never before start-up finished (the main side sends
// one at a time, after 'ready', anyway).
let chain = start();

port.on('message', (message) => {
  if (message?.type === 'synth') {
    chain = chain
      .then(() => runJob(message))
      .catch((error) => {
        dead = true;
        port.postMessage({ type: 'failed', id: message.id, fatal: true, kind: 'engine-crash', message: `eSpeak worker failed: ${describe(error)}` });
      });
  } else if (message?.type === 'crash') {
    if (message.mode === 'exit') process.exit(70);
    if (message.mode === 'throw') throw new Error('Simulated uncaught error in the eSpeak worker (test hook)');
    if (message.mode === 'abort') abortNextSynth = true;
  }
});
