/**
 * 20 seeded SIGKILL points (acceptance, issue 10), including mid-write of a master, of an output file
 * and of the journal (landed exactly through the COURSE_AUDIO_STUDIO_CRASH_AT test hook, see
 * electron/main/core/run/crash-points.ts) and a few at random instants from outside. After each kill,
 * one restart must end with exactly a clean run's set of files, every one decoding, the
 * journal equal to the files, no temp file, and nothing synthesized twice: the restart synthesizes
 * exactly the renders whose master was not complete on disk when the kill landed.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect, runGenerate, spawnGenerate } from '../../support/run-generate';
import { createRng } from '../../support/azure-server/rng';
import { allOutputFiles, deliveredFiles, expectAllDecode, mapLimit, masterFiles, readJournal, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const SEED = 20_261_203;
const PHRASES = 4; // x 2 variants = 8 renders: 8 masters, 8 delivered files, 16 log records

type Kill = { readonly label: string; readonly env: NodeJS.ProcessEnv; readonly afterMs?: number };

function seededKills(): Kill[] {
  const rng = createRng(SEED);
  const pick = (max: number): number => 1 + Math.floor(rng() * max);
  const kills: Kill[] = [];
  const at = (point: string, n: number): Kill => ({ label: `${point}:${n}`, env: { COURSE_AUDIO_STUDIO_CRASH_AT: `${point}:${n}` } });
  for (let i = 0; i < 4; i++) kills.push(at('master-write', pick(8)));
  for (let i = 0; i < 4; i++) kills.push(at('master-stored', pick(8)));
  for (let i = 0; i < 4; i++) kills.push(at('output-write', pick(8)));
  for (let i = 0; i < 5; i++) kills.push(at('journal-append', pick(16)));
  for (let i = 0; i < 3; i++) {
    const afterMs = 600 + Math.floor(rng() * 1800);
    kills.push({ label: `external SIGKILL after ${afterMs} ms`, env: {}, afterMs });
  }
  return kills;
}

const temp = useTempFolder('cas-kill-');
let course: string;
/** The delivered files of a clean run. (Not their bytes: eSpeak's output varies slightly with what a worker rendered before.) */
let clean: string[];
const args = (out: string): string[] => [course, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3', '--max-connections', '1'];

beforeAll(async () => {
  course = await writeSmallCourse(temp.dir, PHRASES, 'kill-points');
  const reference = await runGenerate(args(join(temp.dir, 'clean')));
  if (reference.code !== 0) throw new Error(reference.stderr);
  clean = await deliveredFiles(join(temp.dir, 'clean'));
}, 120_000);

describe('SIGKILL at 20 seeded points, then one restart', () => {
  it("each ends with exactly a clean run's files, all decoding, nothing synthesized twice", async () => {
    const kills = seededKills();
    expect(kills).toHaveLength(20);
    expect(clean).toHaveLength(PHRASES * 2);
    const outcomes = await mapLimit(kills, 2, async (kill, index = kills.indexOf(kill)) => {
      const out = join(temp.dir, `kill-${index}`);
      const child = spawnGenerate(args(out), kill.env);
      const timer = kill.afterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
      const killed = await collect(child, true);
      clearTimeout(timer);
      if (kill.afterMs === undefined) expect(killed.signal, `${kill.label}: ${killed.stderr}`).toBe('SIGKILL');
      const mastersBefore = (await masterFiles(out)).length;

      const restart = await runGenerate(args(out));
      expect(restart.code, `${kill.label}: ${restart.stderr}`).toBe(0);
      // Nothing synthesized twice: only the masters that were not complete on disk.
      expect(restart.summary?.rendered, kill.label).toBe(PHRASES * 2 - mastersBefore);
      expect(await deliveredFiles(out), kill.label).toEqual(clean);
      expect(await allOutputFiles(out), kill.label).toEqual(['manifest.json', ...clean].sort());
      const journalFiles = [...new Set((await readJournal(out)).map((entry) => entry.file))].sort();
      expect(journalFiles, kill.label).toEqual(clean.sort());
      expect(
        (await readdir(out, { recursive: true })).filter((name) => name.endsWith('.tmp')),
        kill.label,
      ).toEqual([]);
      expect(await masterFiles(out), kill.label).toHaveLength(PHRASES * 2);
      await expectAllDecode(out, clean, 'mp3');
      return { label: kill.label, killedBy: killed.signal, mastersBefore };
    });
    // The kills really landed at different stages of the run.
    expect(new Set(outcomes.map((outcome) => outcome.mastersBefore)).size).toBeGreaterThan(3);
  }, 420_000); // ~60-120 s alone; more when the whole suite shares the machine
});
