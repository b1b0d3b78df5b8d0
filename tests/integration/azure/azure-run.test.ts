/**
 * Whole courses through the product's path (AzureEngine -> EnginePool -> CourseRun) with the real
 * Speech SDK against the local Azure TTS server, no faults: sockets, throughput, files, SSML, close.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import type { Manifest } from '../../../shared/model/render';
import { assertSoxAvailable, decodeWithSox } from '../../support/audio-decode';
import { audioDurationMs, physicalLimitMs, type AzureServer } from '../../support/azure-server';
import { FAST_LATENCY, cleanup, makeCourse, runCourse, startServer, type RunOutcome } from './azure-harness';
import { prerequisite } from '../../support/prerequisites';

const soxTool = prerequisite('sox');

let server: AzureServer;
let outcome: RunOutcome | undefined;

beforeAll(async () => {
  if (!soxTool.missing) await assertSoxAvailable();
});

afterEach(async () => {
  await cleanup(outcome);
  outcome = undefined;
  await server?.close();
});

describe.skipIf(soxTool.missing)(soxTool.title('a 428-render course, pool 8, no faults'), () => {
  let summaryLine = '';
  afterAll(() => {
    if (summaryLine) console.info(summaryLine);
  });

  it('renders everything on exactly 8 sockets, files decode, manifest complete, 0 sockets after close', async () => {
    server = await startServer();
    // Delivered as synthesized (no loudness or silence shaping): each file is the audio the server sent.
    const course = { ...makeCourse(214), output: { loudness: false as const, silence: false as const } };
    outcome = await runCourse({ server, course, maxConnections: 8 });
    const { summary, pool, outDir } = outcome;

    expect(summary).toMatchObject({ total: 428, rendered: 428, failed: 0, state: 'finished', throttleEvents: 0 });
    const counters = server.counters();
    expect(counters.upgrades).toBe(8); // sockets opened == pool size (G1)
    expect(counters.upgradesAccepted).toBe(8);
    expect(counters.peakOpenSockets).toBeLessThanOrEqual(8);
    expect(counters.turns).toBe(428); // nothing billed twice
    expect(counters.turnsByOutcome).toEqual({ completed: 428 });
    expect(pool.stats()).toMatchObject({ created: 8, destroyed: 0, callTimeouts: 0, inUse: 0, pendingCreates: 0 });

    // Manifest: every render, in course order, with our own duration = the audio the server sent.
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    const jobs = planRenders(course, { engine: 'azure', format: 'wav' });
    expect(manifest.items.map((item) => item.file)).toEqual(jobs.map((job) => job.file));
    for (const [i, item] of manifest.items.entries()) {
      expect(Math.abs(item.durationMs - audioDurationMs(jobs[i]!.text, jobs[i]!.rate))).toBeLessThanOrEqual(1);
    }

    // Spot checks with sox: real 24 kHz mono WAV, the right length, not silence.
    for (const index of [0, 1, 213, 427]) {
      const job = jobs[index]!;
      const decoded = await decodeWithSox(join(outDir, job.file));
      expect(decoded.sampleRate).toBe(24_000);
      expect(decoded.channels).toBe(1);
      expect(decoded.decodedSec * 1000).toBeCloseTo(audioDurationMs(job.text, job.rate), -1);
      expect(decoded.rmsDb).toBeGreaterThan(-40);
    }

    // Throughput against the server's own physical limit T* = S + ΣL/C.
    const tStar = physicalLimitMs({ items: jobs.map((job) => ({ text: job.text, rate: job.rate })), concurrency: 8, latency: FAST_LATENCY });
    summaryLine = `azure 428 renders, pool 8: wall ${Math.round(outcome.wallMs)} ms, T* ${Math.round(tStar)} ms (${Math.round((100 * tStar) / outcome.wallMs)} % of T*), ${counters.upgrades} sockets`;

    // close(): the server sees every socket go.
    await pool.close();
    await server.waitFor((c) => c.openSockets === 0, 2_000);
  });
});

describe('SSML and formats', () => {
  it('texts with & < > " \' reach the server as valid SSML with the course voice and rate', async () => {
    server = await startServer();
    const texts = [`Tom & Jerry <3 "quoted" it's`, `a < b > c & d`, `'single' & "double" <tag/>`];
    const course = makeCourse(texts.length, { voice: 'es-ES-AlvaroNeural', texts: (i) => texts[i]! });
    outcome = await runCourse({ server, course, maxConnections: 2 });
    expect(outcome.summary).toMatchObject({ rendered: 6, failed: 0 });
    const turns = server.turnLog();
    expect(turns.every((turn) => turn.outcome === 'completed')).toBe(true); // the strict parser accepted every document
    const seen = turns.map((turn) => `${turn.text}|${turn.voice}|${turn.rate}`).sort();
    const expected = texts.flatMap((text) => [`${text}|es-ES-AlvaroNeural|1`, `${text}|es-ES-AlvaroNeural|0.7`]).sort();
    expect(seen).toEqual(expected);
  });

  it.skipIf(soxTool.missing)(
    soxTool.title('mp3: synthesized as 24 kHz PCM masters (raw-24khz-16bit-mono-pcm), MP3 derived locally; files decode, durations from our own parser'),
    async () => {
      server = await startServer();
      const course = makeCourse(3);
      outcome = await runCourse({ server, course, maxConnections: 2, format: 'mp3' });
      expect(outcome.summary).toMatchObject({ rendered: 6, failed: 0 });
      // Masters are lossless (issue 10): the SDK asks raw-* for the app's Riff24Khz16BitMonoPcm.
      expect(new Set(server.turnLog().map((turn) => turn.outputFormat))).toEqual(new Set(['raw-24khz-16bit-mono-pcm']));
      const manifest = JSON.parse(await readFile(join(outcome.outDir, 'manifest.json'), 'utf8')) as Manifest;
      for (const item of manifest.items) {
        expect(item.file.endsWith('.mp3')).toBe(true);
        const decoded = await decodeWithSox(join(outcome.outDir, item.file));
        expect(decoded.sampleRate).toBe(24_000);
        expect(Math.abs(decoded.durationSec * 1000 - item.durationMs)).toBeLessThan(60);
      }
    },
  );
});
