/**
 * Loudness and silence are delivery settings (issue 11 on top of issue 10): changing them re-derives
 * every file from its master and never synthesizes again. Azure through the real Speech SDK against
 * the local server, which counts every synthesis; loudness measured by ffmpeg's ebur128 filter.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegLoudness } from '../../support/loudness-probe';
import { runGenerate } from '../../support/run-generate';
import { TEST_KEY, startServer } from '../azure/azure-harness';
import { mapLimit, readManifest, writeSmallCourse } from '../storage/storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-azure-loudness-');

async function setOutput(course: string, output: Record<string, unknown>): Promise<void> {
  const json = JSON.parse(await readFile(course, 'utf8')) as Record<string, unknown>;
  await writeFile(course, JSON.stringify({ ...json, output }, null, 2));
}

describe('changing loudness or silence with Azure', () => {
  it('re-derives every file at the new target from masters: the server synthesizes nothing more, and no master is measured twice', async () => {
    const server = await startServer();
    try {
      const course = await writeSmallCourse(temp.dir, 3, 'azure-loudness');
      const out = join(temp.dir, 'out');
      const azure = ['--engine', 'azure', '--azure-host', server.url, '--azure-key', TEST_KEY, '--max-connections', '2', '--out', out, '--json', '--format', 'mp3'];
      const first = await runGenerate([course, ...azure]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.summary).toMatchObject({ total: 6, rendered: 6, written: 6 });
      expect(server.counters().turnsCompleted).toBe(6);
      const analyses = join(out, '.course-audio-studio/masters/analysis.json');
      const measured = JSON.parse(await readFile(analyses, 'utf8')) as { entries: Record<string, unknown> };
      expect(Object.keys(measured.entries)).toHaveLength(6); // one measurement per master
      // What was measured per master (the limiter's steps for a new target may be added beside it).
      const measurements = async (): Promise<unknown> => {
        const { entries } = JSON.parse(await readFile(analyses, 'utf8')) as { entries: Record<string, Record<string, unknown>> };
        return Object.fromEntries(Object.entries(entries).map(([key, { limited: _limited, ...measured }]) => [key, measured]));
      };
      const measuredFirst = await measurements();

      await setOutput(course, { loudness: { integrated: -23, truePeak: -3 } });
      const quieter = await runGenerate([course, ...azure]);
      expect(quieter.code, quieter.stderr).toBe(0);
      expect(quieter.summary).toMatchObject({ total: 6, rendered: 0, cached: 6, written: 6 });
      expect(server.counters().turnsCompleted).toBe(6);
      expect(await measurements()).toEqual(measuredFirst); // the new target measured nothing again
      const manifest = await readManifest(out);
      const levels = await mapLimit(manifest.items, 2, (item) => ffmpegLoudness(join(out, item.file)));
      for (const [index, level] of levels.entries()) {
        expect(Math.abs(level.integrated + 23), `${manifest.items[index]!.file}: ${level.integrated} LUFS`).toBeLessThanOrEqual(1);
        expect(level.truePeak, manifest.items[index]!.file).toBeLessThanOrEqual(-3);
      }

      await setOutput(course, { loudness: { integrated: -23, truePeak: -3 }, silence: { leadMs: 300, tailMs: 500 } });
      const padded = await runGenerate([course, ...azure]);
      expect(padded.code, padded.stderr).toBe(0);
      expect(padded.summary).toMatchObject({ rendered: 0, cached: 6, written: 6 });
      expect(server.counters().turnsCompleted).toBe(6);
    } finally {
      await server.close();
    }
  }, 180_000);
});
