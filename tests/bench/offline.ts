import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCourseFile } from '../../electron/main/core/course/load-course';
import { planRenders } from '../../electron/main/core/course/render-plan';
import { buildTracks } from '../../electron/main/core/deliver/build-tracks';
import { shapingOf } from '../../electron/main/core/deliver/course-shaping';
import { defaultOfflineWorkers, espeakRateWpm, offlineVoiceFor } from '../../electron/main/core/engines/offline';
import { runGenerate } from '../support/run-generate';
import { deriveOnlyMs, engineOnlyMs } from './offline-limits';

/**
 * Offline engine benchmark: the sample course rendered to WAV by our CLI (worker threads with eSpeak
 * in-process, including process start-up) with 1 and 2 workers, beside the obvious alternative,
 * spawning Debian's espeak-ng once per render with the same parallelism. Same renders, same machine,
 * same run. Beside them, the limits (offline-limits.ts): the engine alone in the workers with no file
 * work, and the derive step alone (the whole course WAV -> MP3 from masters), plus the CLI switching
 * the finished course to MP3 (no synthesis). The CLI also runs with its default worker count for this
 * machine (engines/offline/default-workers.ts) without tracks, and on a copy of the course doing exactly
 * the spawn baseline's work (no loudness, no silence shaping, no tracks: the engine's audio written as
 * WAV), so the comparison with spawning is like for like.
 */
export const SAMPLE_COURSE = 'resources/courses/es-en-starter.json';

export interface OfflineBenchRow {
  readonly strategy:
    | 'ours (CLI, worker threads)'
    | 'ours (CLI, --no-tracks)'
    | 'ours (CLI, like for like with spawn: no loudness, no silence, --no-tracks)'
    | 'engine only, grouped by voice'
    | 'engine only (workers, no file work)'
    | "engine only, timed from the workers' start-up"
    | 'engine only, course order (no voice grouping)'
    | 'derive only (WAV -> MP3 from masters, in-process)'
    | 'ours (CLI, switch to MP3: derive only)'
    | 'lesson tracks of the course from masters, WAV (in-process; target < 2 s)'
    | 'lesson tracks of the course from masters, MP3 (in-process; target < 2 s)'
    | 'espeak-ng spawn per render';
  readonly workers: number;
  readonly renders: number;
  readonly wallMs: number;
  readonly rendersPerSecond: number;
}

export async function runOfflineBench(): Promise<OfflineBenchRow[]> {
  const { course } = await loadCourseFile(SAMPLE_COURSE);
  const jobs = planRenders(course, { engine: 'offline', format: 'wav' });
  const rows: OfflineBenchRow[] = [];
  for (const workers of [1, 2]) {
    const out = await mkdtemp(join(tmpdir(), 'bench-ours-'));
    try {
      const started = performance.now();
      const result = await runGenerate([SAMPLE_COURSE, '--out', out, '--max-connections', String(workers), '--json']);
      const wallMs = performance.now() - started;
      if (result.code !== 0 || result.summary?.rendered !== jobs.length) throw new Error(`generate failed: ${result.stderr.slice(-500)}`);
      rows.push({ strategy: 'ours (CLI, worker threads)', workers, renders: jobs.length, wallMs, rendersPerSecond: (jobs.length / wallMs) * 1000 });
      const engineMs = await engineOnlyMs(jobs, workers);
      rows.push({ strategy: 'engine only (workers, no file work)', workers, renders: jobs.length, wallMs: engineMs, rendersPerSecond: (jobs.length / engineMs) * 1000 });
      const withStartMs = await engineOnlyMs(jobs, workers, 'run', 'with-start-up');
      rows.push({
        strategy: "engine only, timed from the workers' start-up",
        workers,
        renders: jobs.length,
        wallMs: withStartMs,
        rendersPerSecond: (jobs.length / withStartMs) * 1000,
      });
      if (workers === 2) {
        for (const [strategy, args] of [
          ['ours (CLI, --no-tracks)', [SAMPLE_COURSE, '--no-tracks']],
          ['ours (CLI, like for like with spawn: no loudness, no silence, --no-tracks)', [await likeForLikeCourse(out), '--no-tracks']],
        ] as const) {
          const dir = await mkdtemp(join(tmpdir(), 'bench-ours-'));
          try {
            const started = performance.now();
            // The CLI's default worker count for this machine (engines/offline/default-workers.ts).
            const result = await runGenerate([...args, '--out', dir, '--json']);
            const wallMs = performance.now() - started;
            if (result.code !== 0 || result.summary?.rendered !== jobs.length) throw new Error(`generate failed: ${result.stderr.slice(-500)}`);
            rows.push({ strategy, workers: defaultOfflineWorkers(), renders: jobs.length, wallMs, rendersPerSecond: (jobs.length / wallMs) * 1000 });
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }
        const groupedMs = await engineOnlyMs(jobs, workers, 'grouped');
        rows.push({ strategy: 'engine only, grouped by voice', workers, renders: jobs.length, wallMs: groupedMs, rendersPerSecond: (jobs.length / groupedMs) * 1000 });
        const courseOrderMs = await engineOnlyMs(jobs, workers, 'course');
        rows.push({
          strategy: 'engine only, course order (no voice grouping)',
          workers,
          renders: jobs.length,
          wallMs: courseOrderMs,
          rendersPerSecond: (jobs.length / courseOrderMs) * 1000,
        });
        const deriveMs = await deriveOnlyMs(out, jobs, shapingOf(course));
        rows.push({
          strategy: 'derive only (WAV -> MP3 from masters, in-process)',
          workers: 1,
          renders: jobs.length,
          wallMs: deriveMs,
          rendersPerSecond: (jobs.length / deriveMs) * 1000,
        });
        const switchStarted = performance.now();
        const mp3 = await runGenerate([SAMPLE_COURSE, '--out', out, '--format', 'mp3', '--json']);
        const switchMs = performance.now() - switchStarted;
        if (mp3.code !== 0 || mp3.summary?.rendered !== 0) throw new Error(`switching to MP3 synthesized again: ${mp3.stderr.slice(-500)}`);
        rows.push({ strategy: 'ours (CLI, switch to MP3: derive only)', workers: 1, renders: jobs.length, wallMs: switchMs, rendersPerSecond: (jobs.length / switchMs) * 1000 });
        // Every track rebuilt (the index removed): the sample course's lessons laid out from masters,
        // normalized as a whole, encoded (MP3: tagged too). The clips' loudness was measured by the runs above.
        // The derive workers are started first, untimed, as the studio's are when a producer clicks Build tracks
        // (from source each would otherwise register tsx and compile its modules inside the first timed build).
        await rm(join(out, '.course-audio-studio', 'tracks.json'), { force: true });
        await buildTracks({ course, outDir: out, engine: 'offline', format: 'wav' });
        for (const format of ['wav', 'mp3'] as const) {
          await rm(join(out, '.course-audio-studio', 'tracks.json'), { force: true });
          const tracksStarted = performance.now();
          const tracks = await buildTracks({ course, outDir: out, engine: 'offline', format });
          const tracksMs = performance.now() - tracksStarted;
          if (tracks.built === 0) throw new Error('the sample course built no tracks');
          rows.push({
            strategy: `lesson tracks of the course from masters, ${format === 'wav' ? 'WAV' : 'MP3'} (in-process; target < 2 s)`,
            workers: 1,
            renders: jobs.length,
            wallMs: tracksMs,
            rendersPerSecond: (jobs.length / tracksMs) * 1000,
          });
        }
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  for (const workers of [1, 2]) {
    const out = await mkdtemp(join(tmpdir(), 'bench-spawn-'));
    try {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (next < jobs.length) {
            const job = jobs[next++]!;
            const voice = offlineVoiceFor(job.voice, job.locale).espeakVoice.split('/').pop()!;
            await spawnEspeak(['-v', voice, '-s', String(espeakRateWpm(job.rate)), '-w', join(out, job.file), job.text]);
          }
        }),
      );
      const wallMs = performance.now() - started;
      rows.push({ strategy: 'espeak-ng spawn per render', workers, renders: jobs.length, wallMs, rendersPerSecond: (jobs.length / wallMs) * 1000 });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return rows;
}

/** A copy of the sample course (in `dir`, removed with it) whose delivery is the engine's audio as is, like the spawn baseline's. */
async function likeForLikeCourse(dir: string): Promise<string> {
  const course = JSON.parse(await readFile(SAMPLE_COURSE, 'utf8')) as { output?: Record<string, unknown> };
  const path = join(dir, 'like-for-like.json');
  await writeFile(path, JSON.stringify({ ...course, output: { ...course.output, loudness: false, silence: false } }));
  return path;
}

function spawnEspeak(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('espeak-ng is not installed: apt-get install espeak-ng (the baseline needs it)') : error),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`espeak-ng exited ${code}: ${stderr}`))));
  });
}
