/**
 * Switching format or engine never re-synthesizes what a master holds (acceptance, issue 10): the real
 * CLI in child processes, real eSpeak, and for Azure the real Speech SDK against the local server,
 * which counts every synthesis it performs.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { TEST_KEY, startServer } from '../azure/azure-harness';
import { allOutputFiles, deliveredFiles, expectAllDecode, masterFiles, probe, readManifest, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-switch-');

describe('switching format or engine', () => {
  it('offline: WAV -> MP3 -> WAV synthesizes once; each switch rewrites the folder to exactly the manifest', async () => {
    const course = await writeSmallCourse(temp.dir, 6, 'switch-offline');
    const out = join(temp.dir, 'offline');
    const first = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({ total: 12, rendered: 12, cached: 0, written: 12 });
    const masters = await masterFiles(out);
    expect(masters).toHaveLength(12);
    expect((await probe(join(out, '.course-audio-studio/masters', masters[0]!))).sampleRate).toBe(22_050);

    const mp3 = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3']);
    expect(mp3.code, mp3.stderr).toBe(0);
    expect(mp3.summary).toMatchObject({ total: 12, rendered: 0, cached: 12, written: 12, format: 'mp3' });
    const mp3Files = await deliveredFiles(out);
    expect(mp3Files.every((file) => file.endsWith('.mp3'))).toBe(true);
    expect(await allOutputFiles(out)).toEqual(['manifest.json', ...(await readManifest(out)).items.map((item) => item.file)].sort());
    await expectAllDecode(out, mp3Files, 'mp3');

    const back = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--format', 'wav']);
    expect(back.summary).toMatchObject({ rendered: 0, cached: 12, written: 12, format: 'wav' });
    const again = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--format', 'wav']);
    expect(again.summary).toMatchObject({ rendered: 0, cached: 12, written: 0 });
    expect(await allOutputFiles(out)).toEqual(['manifest.json', ...(await readManifest(out)).items.map((item) => item.file)].sort());
    await expectAllDecode(out, await deliveredFiles(out), 'pcm_s16le');
    expect(await masterFiles(out)).toEqual(masters); // the masters were never touched
  }, 90_000);

  it('a new MP3 bitrate in the course re-derives every file from masters at that bitrate, synthesizing nothing', async () => {
    const course = await writeSmallCourse(temp.dir, 3, 'switch-bitrate');
    const out = join(temp.dir, 'bitrate');
    const first = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3']);
    expect(first.summary).toMatchObject({ rendered: 6, written: 6 });
    const json = JSON.parse(await readFile(course, 'utf8')) as Record<string, unknown>;
    await writeFile(course, JSON.stringify({ ...json, output: { format: 'mp3', bitrate: 128 } }));
    const second = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.summary).toMatchObject({ rendered: 0, cached: 6, written: 6, format: 'mp3' });
    const files = await deliveredFiles(out);
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=bit_rate', '-of', 'csv=p=0', join(out, files[0]!)]);
    expect(Number(stdout.trim())).toBe(128_000);
    await expectAllDecode(out, files, 'mp3');
  }, 60_000);

  it('azure -> offline -> azure (and MP3): the local Azure server synthesizes each render once', async () => {
    const server = await startServer();
    try {
      const course = await writeSmallCourse(temp.dir, 5, 'switch-azure');
      const out = join(temp.dir, 'azure');
      const azure = ['--engine', 'azure', '--azure-host', server.url, '--azure-key', TEST_KEY, '--max-connections', '2', '--out', out, '--json'];
      const first = await runGenerate([course, ...azure]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.summary).toMatchObject({ total: 10, rendered: 10, written: 10 });
      expect(server.counters().turnsCompleted).toBe(10);
      const masters = await masterFiles(out);
      expect((await probe(join(out, '.course-audio-studio/masters', masters[0]!))).sampleRate).toBe(24_000); // Azure's native rate

      const offline = await runGenerate([course, '--engine', 'offline', '--out', out, '--json']);
      expect(offline.summary).toMatchObject({ rendered: 10, cached: 0, written: 10, engine: 'offline' });

      const back = await runGenerate([course, ...azure]);
      expect(back.code, back.stderr).toBe(0);
      expect(back.summary).toMatchObject({ rendered: 0, cached: 10, written: 10, engine: 'azure' });
      const mp3 = await runGenerate([course, ...azure, '--format', 'mp3']);
      expect(mp3.summary).toMatchObject({ rendered: 0, cached: 10, written: 10, format: 'mp3' });
      expect(server.counters().turnsCompleted).toBe(10); // nothing billed twice
      await expectAllDecode(out, await deliveredFiles(out), 'mp3');
    } finally {
      await server.close();
    }
  }, 120_000);
});
