/**
 * `output.sampleRate` (issue 10): the delivered files have the chosen rate, as long as their master,
 * and choosing or changing the rate derives again from the masters without synthesizing anything
 * (Azure counted by the local server). Measured with ffprobe, never with the code under test.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { masterPath } from '../../../electron/main/core/run/master-store';
import { TEST_KEY, startServer } from '../azure/azure-harness';
import { deliveredFiles, mapLimit, probe, readJournal, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-rate-');

async function setOutput(course: string, output: Record<string, unknown>): Promise<void> {
  const json = JSON.parse(await readFile(course, 'utf8')) as Record<string, unknown>;
  // Resampling alone: silence trim/pad and loudness (issue 11) would change lengths and levels on purpose.
  await writeFile(course, JSON.stringify({ ...json, output: { silence: false, loudness: false, ...output } }));
}

/**
 * Every delivered file has `rate` and the codec, and lasts as long as its master (journal `master`):
 * within 1 % for WAV; an MP3 (bare frames, no gapless tag) is longer by LAME's encoder delay and
 * padding, under two frames, so it may exceed 1 % by up to 150 ms on these short clips.
 */
async function expectDeliveredAt(out: string, rate: number, codec: 'pcm_s16le' | 'mp3'): Promise<void> {
  const entries = await readJournal(out);
  const files = await deliveredFiles(out);
  expect(files.length).toBeGreaterThan(0);
  await mapLimit(files, 4, async (file) => {
    const entry = entries.findLast((candidate) => candidate.file === file);
    expect(entry?.master, file).toBeDefined();
    const [delivered, master] = await Promise.all([probe(join(out, file)), probe(masterPath(join(out, '.course-audio-studio/masters'), entry!.master!))]);
    expect(delivered.codec, file).toBe(codec);
    expect(delivered.sampleRate, file).toBe(rate);
    expect(master.sampleRate).not.toBe(rate); // a real conversion took place
    if (codec === 'pcm_s16le') expect(Math.abs(delivered.seconds - master.seconds) / master.seconds, file).toBeLessThan(0.01);
    else {
      expect(delivered.seconds, file).toBeGreaterThanOrEqual(master.seconds * 0.99);
      expect(delivered.seconds, file).toBeLessThan(master.seconds * 1.01 + 0.15);
    }
  });
}

describe('output.sampleRate', () => {
  it('azure: 48 kHz WAV, then 16 kHz MP3, then 44.1 kHz MP3, all derived from the 24 kHz masters: the server synthesizes each render once', async () => {
    const server = await startServer();
    try {
      const course = await writeSmallCourse(temp.dir, 4, 'rate-azure');
      const out = join(temp.dir, 'azure');
      const azure = ['--engine', 'azure', '--azure-host', server.url, '--azure-key', TEST_KEY, '--max-connections', '2', '--out', out, '--json'];
      const first = await runGenerate([course, ...azure]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.summary).toMatchObject({ total: 8, rendered: 8, written: 8 });

      await setOutput(course, { sampleRate: 48_000 });
      const wide = await runGenerate([course, ...azure]);
      expect(wide.code, wide.stderr).toBe(0);
      expect(wide.summary).toMatchObject({ rendered: 0, cached: 8, written: 8 });
      await expectDeliveredAt(out, 48_000, 'pcm_s16le');

      await setOutput(course, { format: 'mp3', sampleRate: 16_000 });
      const narrow = await runGenerate([course, ...azure]);
      expect(narrow.code, narrow.stderr).toBe(0);
      expect(narrow.summary).toMatchObject({ rendered: 0, cached: 8, written: 8, format: 'mp3' });
      await expectDeliveredAt(out, 16_000, 'mp3');

      await setOutput(course, { format: 'mp3', sampleRate: 44_100, bitrate: 128 });
      const cd = await runGenerate([course, ...azure]);
      expect(cd.summary).toMatchObject({ rendered: 0, cached: 8, written: 8 });
      await expectDeliveredAt(out, 44_100, 'mp3');

      const again = await runGenerate([course, ...azure]);
      expect(again.summary).toMatchObject({ rendered: 0, cached: 8, written: 0 }); // the rate is part of the delivery key
      expect(server.counters().turnsCompleted).toBe(8); // nothing billed twice
    } finally {
      await server.close();
    }
  }, 300_000); // six CLI runs: ~20 s on an idle machine, 2 min at load 67

  it('offline: the eSpeak masters (22.05 kHz) delivered at 24 kHz WAV', async () => {
    const course = await writeSmallCourse(temp.dir, 3, 'rate-offline');
    await setOutput(course, { sampleRate: 24_000 });
    const out = join(temp.dir, 'offline');
    const run = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({ rendered: 6, written: 6 });
    await expectDeliveredAt(out, 24_000, 'pcm_s16le');
  }, 120_000);

  it('a rate outside the list is refused at load with its place', async () => {
    const course = await writeSmallCourse(temp.dir, 1, 'rate-bad');
    await setOutput(course, { sampleRate: 32_000 });
    const run = await runGenerate([course, '--out', join(temp.dir, 'bad'), '--json', '--engine', 'offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rate-bad\.json.*output\.sampleRate.*16000, 22050, 24000, 44100, 48000/s);
  }, 30_000);
});
