/**
 * The launcher behind `npm run generate` (electron/cli/launch.mjs): it runs the prebuilt bundle in
 * out/cli/ and rebuilds it, silently, whenever a source it was built from changed, so it is never
 * stale; runs that start together on a fresh clone each end up with a complete bundle.
 *
 * Each test works on a copy of the sources (electron/, shared/, package.json, tsconfig.json, with
 * node_modules linked), so editing and touching files never disturbs the repository's own bundle.
 */
import { describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { cp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collect, REPO, runGenerate, type GenerateResult } from '../../support/run-generate';
import { spanishForEnglishFrame } from '../../support/course-fixtures';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const soxTool = prerequisite('sox');
const ARGS_SOURCE = 'electron/cli/args.ts';

const work = useTempFolder('cas-launcher-');

/** A checkout of the CLI's sources with no out/ yet, as after `git clone && npm ci`. */
async function freshCheckout(name: string): Promise<string> {
  const root = join(work.dir, name);
  for (const path of ['electron', 'shared', 'package.json', 'tsconfig.json']) await cp(join(REPO, path), join(root, path), { recursive: true });
  await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function launch(root: string, args: readonly string[]): Promise<GenerateResult> {
  const child = spawn(process.execPath, [join(root, 'electron/cli/launch.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, args.includes('--json'));
}

async function currentBuild(root: string): Promise<string> {
  return (JSON.parse(await readFile(join(root, 'out/cli/current.json'), 'utf8')) as { build: string }).build;
}

/** Every module `entry` loads before its code runs: its static imports, followed through the bundle's own chunks. */
async function staticallyImported(dir: string, entry: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const source = await readFile(join(dir, entry), 'utf8');
  const specifiers = [...source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm)].map((match) => match[1]!);
  const found = [...specifiers];
  for (const specifier of specifiers) if (specifier.startsWith('./')) found.push(...(await staticallyImported(dir, specifier.slice(2), seen)));
  return found;
}

async function bundleFolder(root: string): Promise<string[]> {
  return (await readdir(join(root, 'out/cli'))).sort();
}

describe('the generate launcher (real child processes on a copy of the sources)', () => {
  it('builds on first use, reuses a fresh bundle, rebuilds after an edit or any changed mtime, with the output of the repository’s CLI', { timeout: 120_000 }, async () => {
    const root = await freshCheckout('stale');
    const reference = await runGenerate(['--help']);
    expect(reference.code).toBe(0);

    const first = await launch(root, ['--help']);
    expect(first).toMatchObject({ code: 0, stdout: reference.stdout, stderr: '' });
    const built = await currentBuild(root);
    // The two entries and the eSpeak worker; the rest are the chunks of code loaded on demand (the Azure engine's).
    const files = await readdir(join(root, 'out/cli', built));
    expect(files).toEqual(expect.arrayContaining(['derive-worker.js', 'derive-worker.js.map', 'espeak-worker.mjs', 'generate.js', 'generate.js.map']));
    expect(files.filter((file) => !/^(generate|derive-worker)\.js(\.map)?$|^espeak-worker\.mjs$|^[a-z-]+-[A-Z0-9]{8}\.js(\.map)?$/.test(file))).toEqual([]);
    // An offline run never loads the Speech SDK: no module the entry imports statically (transitively) names it.
    expect(await staticallyImported(join(root, 'out/cli', built), 'generate.js')).not.toContain('microsoft-cognitiveservices-speech-sdk');

    // Nothing changed: the same bundle, no new build.
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stdout: reference.stdout, stderr: '' });
    expect(await currentBuild(root)).toBe(built);
    expect(await bundleFolder(root)).toEqual([built, 'current.json']);

    // An edit to a source: the next run is built from it, and says so in its own words.
    const argsPath = join(root, ARGS_SOURCE);
    const source = await readFile(argsPath, 'utf8');
    expect(source).toContain('Usage: npm run generate');
    await writeFile(argsPath, source.replace('Usage: npm run generate', 'Usage (edited): npm run generate'));
    const edited = await launch(root, ['--help']);
    expect(edited).toMatchObject({ code: 0, stderr: '' });
    const editedUsage = reference.stdout.replace('Usage: npm run generate', 'Usage (edited): npm run generate');
    expect(edited.stdout).toBe(editedUsage);
    const rebuilt = await currentBuild(root);
    expect(rebuilt).not.toBe(built);

    // A file put back with an OLDER mtime (git checkout of an old revision, cp -p) is a change too.
    const past = new Date(Date.now() - 86_400_000);
    await utimes(join(root, 'shared/model/audio.ts'), past, past);
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stderr: '' });
    const third = await currentBuild(root);
    expect(third).not.toBe(rebuilt);
    // A file the build read, removed: rebuilt; still missing on the next run: that bundle is fresh.
    await rm(join(root, 'tsconfig.json'));
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stdout: editedUsage, stderr: '' });
    const fourth = await currentBuild(root);
    expect(fourth).not.toBe(third);
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stdout: editedUsage, stderr: '' });
    expect(await currentBuild(root)).toBe(fourth);
    // ... and put back: rebuilt again.
    await cp(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stdout: editedUsage, stderr: '' });
    const fifth = await currentBuild(root);
    expect(fifth).not.toBe(fourth);
    // The newest builds are kept for runs still using them; nothing half-built is left behind.
    expect(await bundleFolder(root)).toEqual([third, fourth, fifth, 'current.json']);
  });

  it('a source that does not compile: exit 1 and one message naming the file, line and column; fixing it runs again', { timeout: 120_000 }, async () => {
    const root = await freshCheckout('broken');
    const argsPath = join(root, ARGS_SOURCE);
    const source = await readFile(argsPath, 'utf8');
    await writeFile(argsPath, `${source}\nexport const broken = ;\n`);
    const failed = await launch(root, ['--help']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^error: the generate CLI could not be built into out\/cli\/: /);
    expect(failed.stderr).toMatch(/electron\/cli\/args\.ts:\d+:\d+: ERROR: Unexpected ";"/);

    await writeFile(argsPath, source);
    expect(await launch(root, ['--help'])).toMatchObject({ code: 0, stderr: '' });
  });

  it.skipIf(soxTool.missing)(
    soxTool.title('two first runs at once (no bundle yet, so both usually build) both render a course with their workers and leave a valid bundle'),
    { timeout: 180_000 },
    async () => {
      const root = await freshCheckout('concurrent');
      const course = join(root, 'course.json');
      const phrases = ['Hola, Ana.', 'Buenos días.'].map((target, index) => ({ id: `p${index + 1}`, lesson: 'L01', known: `Phrase ${index + 1}.`, target }));
      const tracks = [{ id: 'drill', per: 'lesson', title: '{lesson}', sequence: ['known', 'target'] }];
      await writeFile(course, JSON.stringify({ ...spanishForEnglishFrame(), id: 'launcher', title: 'Launcher', tracks, phrases }));
      // MP3: the derive workers (bundled derive-worker.js) encode; the eSpeak workers (copied .mjs) render.
      const runs = await Promise.all(['a', 'b'].map((name) => launch(root, [course, '--out', join(root, `out-${name}`), '--format', 'mp3', '--json'])));

      for (const [index, run] of runs.entries()) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).not.toMatch(/CAS_DERIVE_INLINE|could not be built/);
        expect(run.summary).toMatchObject({ total: 6, rendered: 6, failed: 0, state: 'finished' });
        const out = join(root, `out-${'ab'[index]}`);
        const files = (await readdir(out, { recursive: true })).filter((name) => name.endsWith('.mp3')).sort();
        expect(files).toEqual(['p1_known.mp3', 'p1_target-slow.mp3', 'p1_target.mp3', 'p2_known.mp3', 'p2_target-slow.mp3', 'p2_target.mp3', 'tracks/drill/L01.mp3']);
        for (const file of files) {
          const { stderr } = await exec('sox', [join(out, file), '-n', 'stat']);
          expect(Number(/Length \(seconds\):\s+([\d.]+)/.exec(stderr)?.[1]), file).toBeGreaterThan(0.2);
        }
      }
      // Whole builds only (one per run that built), no staging left; current.json names one, and it is fresh.
      const names = await bundleFolder(root);
      expect(names.filter((name) => !name.startsWith('b'))).toEqual(['current.json']);
      const builds = names.filter((name) => name.startsWith('b'));
      expect(builds.length).toBeGreaterThanOrEqual(1);
      expect(builds.length).toBeLessThanOrEqual(2);
      expect(builds).toContain(await currentBuild(root));
      for (const build of builds) expect(await readdir(join(root, 'out/cli', build))).toEqual(expect.arrayContaining(['derive-worker.js', 'espeak-worker.mjs', 'generate.js']));
      const next = await launch(root, ['--help']);
      expect(next).toMatchObject({ code: 0, stderr: '' });
      expect(await bundleFolder(root)).toEqual(names);
    },
  );
});
