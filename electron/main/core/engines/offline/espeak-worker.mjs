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
// The engine is the `espeak-ng` npm package: eSpeak NG's own command-line program compiled to real
// WebAssembly (GPL-3.0; its voice data is inside the .wasm). It exports no library calls, only
// `main`, so the worker runs that program ONCE, as `espeak-ng -m -s 175 -w <pcm device>` reading
// standard input: in that mode it synthesizes each line of stdin as soon as it has read it, into one
// WAV stream. Standard input is a function here (emscripten's stdin device): the program asks it for
// the next line only after the previous one is synthesized, so that call is where a job's audio is
// complete. The function then waits (Atomics.wait) for the next job and hands it over, so the program
// never ends and its loaded data and compiled code serve every job. Each line carries its own voice,
// rate and pitch as SSML (espeak-lines.ts). The main thread posts jobs and then wakes this thread
// through the shared `wake` counter; this thread takes them with receiveMessageOnPort, because its
// event loop is blocked inside eSpeak's `main` for as long as the worker lives.
//
// Measured on the sample course (450 renders, one thread): 0.85 s against 1.94 s for the wasm2js
// build used before, which V8 recompiled ~135 times per run (docs/design/offline-engine.md, 3a).

import { parentPort, receiveMessageOnPort, threadId, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('espeak-worker.mjs must run as a worker thread');
const port = parentPort;

/** @type {{ warmupLines: string[], wake: SharedArrayBuffer }} */
const init = workerData;
const wake = new Int32Array(init.wake);

/** Where the package's embedded file system keeps eSpeak's data (voices: lang/<family>/<id>). */
const DATA_DIR = '/usr/local/share/espeak-ng-data';
/** The program writes its WAV stream here: a device whose writes land in `pcmChunks` below. */
const PCM_DEVICE = '/dev/espeak-pcm';
const WAV_HEADER_BYTES = 44;
/** A wait is cut into slices so a terminate() or process exit is never held up by a sleeping thread. */
const WAIT_SLICE_MS = 250;

/** eSpeak's own stderr lines (emscripten printErr), kept for crash reports. */
const stderrTail = [];
const now = () => performance.timeOrigin + performance.now();
const describe = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function recordStderr(line) {
  stderrTail.push(String(line));
  if (stderrTail.length > 20) stderrTail.shift();
}

// --- the PCM stream -----------------------------------------------------------------------------

/** Bytes of audio written since the last takePcm(); the WAV header of each opened stream is skipped. */
let pcmChunks = [];
let pcmBytes = 0;
let sampleRate = 22050;

const pcmDeviceOps = {
  open(stream) {
    stream.end = 0;
  },
  close() {},
  read() {
    return 0;
  },
  write(stream, buffer, offset, length, position) {
    const at = position ?? stream.position;
    // The header (and its sizes, patched when the program closes the file) is not audio.
    if (at === 0 && length >= WAV_HEADER_BYTES) sampleRate = new DataView(buffer.buffer, buffer.byteOffset + offset).getUint32(24, true);
    const from = Math.max(at, WAV_HEADER_BYTES, stream.end);
    const to = at + length;
    if (to > from) {
      pcmChunks.push(new Uint8Array(buffer.buffer, buffer.byteOffset + offset + (from - at), to - from).slice());
      pcmBytes += to - from;
    }
    stream.end = Math.max(stream.end, to);
    return length;
  },
  llseek(stream, offset, whence) {
    const base = whence === 1 ? stream.position : whence === 2 ? stream.end : 0;
    return base + offset;
  },
};

/** The audio written since the last call, as samples (16-bit little-endian mono). */
function takePcm() {
  const bytes = new Uint8Array(pcmBytes - (pcmBytes % 2));
  let offset = 0;
  for (const chunk of pcmChunks) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes.length - offset));
    bytes.set(part, offset);
    offset += part.length;
  }
  pcmChunks = [];
  pcmBytes = 0;
  return new Int16Array(bytes.buffer, 0, bytes.length / 2);
}

// --- jobs -----------------------------------------------------------------------------------------

/** Set once the eSpeak instance can no longer be trusted. */
let dead = false;
/** Test hook: make the next synth fail like eSpeak's Aborted(). */
let abortNextSynth = false;
/** Test hook: an error to raise, uncaught, once eSpeak's program has returned. */
let uncaught;

/** Where stdin is: the line of `current` being fed, and the byte in it. */
let lineIndex = 0;
let byteIndex = 0;
let lineBytes = new Uint8Array(0);
/** The job (or the warm-up) whose lines are being fed: its audio gathers in pcmChunks until its last line is done. */
let current;
let ready = false;
let startedAt = 0;
let module;
const timings = { importMs: 0, initMs: 0, warmupMs: 0 };
let t0 = 0;

function voiceExists(voice) {
  return typeof voice === 'string' && /^[\w-]+(\/[\w-]+)*$/.test(voice) && module.FS.analyzePath(`${DATA_DIR}/lang/${voice}`).exists;
}

/** Waits for the next message from the main thread (blocking: the event loop is inside eSpeak). */
function nextMessage() {
  for (;;) {
    const seen = Atomics.load(wake, 0);
    const received = receiveMessageOnPort(port);
    if (received) return received.message;
    Atomics.wait(wake, 0, seen, WAIT_SLICE_MS);
  }
}

/** The next job's lines to feed, after handling test hooks and refusing bad jobs; null: stop eSpeak. */
function takeJob() {
  for (;;) {
    const message = nextMessage();
    if (message?.type === 'crash') {
      if (message.mode === 'exit') process.exit(70);
      if (message.mode === 'throw') {
        uncaught = new Error('Simulated uncaught error in the eSpeak worker (test hook)');
        return null;
      }
      if (message.mode === 'abort') abortNextSynth = true;
      continue;
    }
    if (message?.type !== 'synth') continue;
    if (dead) {
      port.postMessage({ type: 'failed', id: message.id, fatal: true, kind: 'engine-crash', message: 'eSpeak worker is no longer usable' });
      continue;
    }
    if (abortNextSynth) {
      abortNextSynth = false;
      dead = true;
      port.postMessage({ type: 'failed', id: message.id, fatal: true, kind: 'engine-crash', message: 'eSpeak crashed: RuntimeError: Aborted(simulated by test hook)' });
      continue;
    }
    if (!voiceExists(message.voice)) {
      port.postMessage({ type: 'failed', id: message.id, fatal: false, kind: 'bad-request', message: `eSpeak has no voice "${message.voice}"` });
      continue;
    }
    if (!Array.isArray(message.lines) || message.lines.length === 0) {
      port.postMessage({ type: 'failed', id: message.id, fatal: false, kind: 'bad-request', message: 'The job has no text for eSpeak' });
      continue;
    }
    return { id: message.id, lines: message.lines };
  }
}

/** eSpeak finished every line of `job`, which said `pcm`: answer it. */
function finish(job, pcm) {
  if (job.warmup) {
    if (pcm.length === 0) {
      reportFatal(new Error('the warm-up synthesis produced no audio'));
      return;
    }
    timings.warmupMs = performance.now() - t0;
    ready = true;
    port.postMessage({ type: 'ready', timings: { ...timings, sampleRate, threadId } });
    return;
  }
  const endedAt = now();
  if (!pcm.some((sample) => sample !== 0)) {
    port.postMessage({ type: 'failed', id: job.id, fatal: false, kind: 'bad-request', message: 'eSpeak produced only silence: the text has nothing speakable' });
    return;
  }
  port.postMessage({ type: 'result', id: job.id, pcm, samples: pcm.length, sampleRate, synthMs: endedAt - startedAt, encodeMs: 0, startedAt, endedAt }, [pcm.buffer]);
}

/**
 * eSpeak's stdin: one byte per call. The call after a line's last byte ends that read; the call after
 * that comes once eSpeak has synthesized the line, so the line's audio is complete then.
 */
function stdin() {
  if (byteIndex < lineBytes.length) return lineBytes[byteIndex++];
  if (byteIndex === lineBytes.length && lineBytes.length > 0) {
    byteIndex++;
    return null; // end of this read: eSpeak synthesizes the line now
  }
  if (current) {
    lineIndex++;
    if (lineIndex >= current.lines.length) {
      module._fflush(0); // the program's stdio buffer holds the job's last samples
      const done = current;
      current = undefined;
      finish(done, takePcm());
    }
  }
  if (!current) {
    if (dead && !ready) return null; // the warm-up failed (reported): let eSpeak's program end
    const job = ready ? takeJob() : { warmup: true, id: 0, lines: init.warmupLines };
    if (job === null) return null; // end of input: eSpeak's program returns
    current = job;
    lineIndex = 0;
    startedAt = now();
  }
  lineBytes = Buffer.from(`${current.lines[lineIndex]}\n`, 'utf8');
  byteIndex = 0;
  return lineBytes[byteIndex++];
}

/** eSpeak's program failed (an abort, an exit, an exception): the worker answers once and takes no more jobs. */
function reportFatal(error) {
  if (dead) return;
  dead = true;
  const detail = stderrTail.join('\n') || undefined;
  if (!ready) port.postMessage({ type: 'init-failed', message: `eSpeak failed to start: ${describe(error)}`, detail });
  else if (current && !current.warmup)
    port.postMessage({ type: 'failed', id: current.id, fatal: true, kind: 'engine-crash', message: `eSpeak crashed: ${describe(error)}`, detail });
}

async function start() {
  t0 = performance.now();
  const { default: ESpeakNG } = await import('espeak-ng');
  timings.importMs = performance.now() - t0;
  t0 = performance.now();
  module = {
    arguments: ['-m', '-s', '175', '-w', PCM_DEVICE],
    stdin,
    print: () => {},
    printErr: recordStderr,
    preRun: [
      () => {
        const { FS } = module;
        const device = FS.makedev(64, 0);
        FS.registerDevice(device, pcmDeviceOps);
        FS.mkdev(PCM_DEVICE, 0o666, device);
      },
    ],
    onRuntimeInitialized: () => {
      timings.initMs = performance.now() - t0;
      t0 = performance.now();
    },
    // emscripten reports an abort or an exit of the program here (and would otherwise swallow the
    // error once its start-up promise has resolved).
    onAbort: (what) => reportFatal(new Error(`Aborted(${what})`)),
    quit: (status, toThrow) => {
      reportFatal(toThrow ?? new Error(`eSpeak's program exited with status ${status}`));
      throw toThrow;
    },
  };
  // Runs eSpeak's program, which returns only when stdin ends (the 'throw' test hook) or it fails.
  await ESpeakNG(module);
}

start().then(
  () => {
    if (uncaught) {
      dead = true;
      process.nextTick(() => {
        throw uncaught;
      });
    } else reportFatal(new Error('its program ended'));
  },
  (error) => reportFatal(error),
);
