import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runGenerate, spawnGenerate, collect } from '../../support/run-generate';
import { ManifestSchema } from '../../../shared/model/render';
import { JOURNAL_DIR, JOURNAL_FILE } from '../../../electron/main/core/run/journal';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';

const soxTool = prerequisite('sox');

const exec = promisify(execFile);
const SAMPLE = 'resources/courses/es-en-starter.json';

/** One full decode per file with sox: proves the file is whole audio, not just a plausible header. */
async function decodedSeconds(file: string): Promise<{ seconds: number; rms: number }> {
  const { stderr } = await exec('sox', [file, '-n', 'stat']);
  const seconds = Number(/Length \(seconds\):\s+([\d.]+)/.exec(stderr)?.[1]);
  const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stderr)?.[1]);
  return { seconds, rms };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!);
      }
    }),
  );
  return results;
}

async function audioFiles(dir: string): Promise<string[]> {
  // Masters live in .course-audio-studio/masters: the delivered files are the rest.
  return (await readdir(dir, { recursive: true })).filter((name) => /\.(wav|mp3)$/.test(name) && !name.startsWith(JOURNAL_DIR)).sort();
}

const work = useTempFolder('cas-cli-');

/** The sample course cut to its first `phrases` phrases, written as `<name>.json` in the test folder. */
async function sampleCourseOf(name: string, phrases: number): Promise<{ course: { phrases: Array<{ target: string }> }; courseFile: string }> {
  const course = JSON.parse(await readFile(SAMPLE, 'utf8')) as { phrases: Array<{ target: string }> };
  course.phrases = course.phrases.slice(0, phrases);
  const courseFile = join(work.dir, `${name}.json`);
  await writeFile(courseFile, JSON.stringify(course));
  return { course, courseFile };
}

describe.skipIf(soxTool.missing)(soxTool.title('npm run generate (real child process, real eSpeak, real files)'), () => {
  it('renders the whole sample course to audio that decodes, with a complete manifest; a second run renders nothing', async () => {
    const out = join(work.dir, 'full');
    const first = await runGenerate([SAMPLE, '--out', out, '--json', '--no-tracks']);
    expect(first.stderr).toContain('Done:');
    expect(first.code).toBe(0);
    const course = JSON.parse(await readFile(SAMPLE, 'utf8')) as { phrases: unknown[]; variants: unknown[] };
    const total = course.phrases.length * course.variants.length;
    expect(first.summary).toMatchObject({ total, rendered: total, cached: 0, failed: 0 });

    const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(manifest.course).toBe('es-en-starter');
    expect(manifest.items).toHaveLength(total);
    expect(await audioFiles(out)).toEqual(manifest.items.map((item) => item.file).sort());

    const decoded = await mapLimit(manifest.items, 4, async (item) => ({ item, ...(await decodedSeconds(join(out, item.file))) }));
    for (const { item, seconds, rms } of decoded) {
      expect(seconds, item.file).toBeGreaterThan(0.3);
      expect(rms, item.file).toBeGreaterThan(0.01); // speech, not silence
      expect(Math.abs(seconds * 1000 - item.durationMs), item.file).toBeLessThan(50);
      expect(item).toMatchObject({ engine: 'offline' });
    }
    // The slow variant is measurably longer than the normal one, phrase by phrase.
    const byKey = new Map(decoded.map((d) => [`${d.item.phrase}/${d.item.variant}`, d.seconds]));
    for (const phrase of new Set(manifest.items.map((item) => item.phrase))) {
      expect(byKey.get(`${phrase}/target-slow`)!, phrase).toBeGreaterThan(byKey.get(`${phrase}/target`)! * 1.2);
    }

    const second = await runGenerate([SAMPLE, '--out', out, '--json', '--no-tracks']);
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ total, rendered: 0, cached: total, failed: 0 });
  }, 150_000); // the sample course: 450 renders, each normalized; its lesson tracks are tested in tests/integration/deliver

  it('after SIGKILL mid-run, a restart renders only what is missing: no duplicate, no missing, no partial file', async () => {
    const out = join(work.dir, 'killed');
    const child = spawnGenerate([SAMPLE, '--out', out, '--json', '--no-tracks']);
    const exited = collect(child, true);
    const journalPath = join(out, JOURNAL_DIR, JOURNAL_FILE);
    // Kill once a good part is done, while renders are in flight (up to 30 s on a loaded machine).
    for (let i = 0; i < 3000; i++) {
      const lines = (await readFile(journalPath, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
      if (lines >= 120) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    const killed = await exited;
    expect(killed.signal).toBe('SIGKILL');

    const journalAtKill = (await readFile(journalPath, 'utf8')).split('\n').filter((line) => line.trim()).length;
    expect(journalAtKill).toBeGreaterThanOrEqual(120);
    expect(journalAtKill).toBeLessThan(450);

    const resumed = await runGenerate([SAMPLE, '--out', out, '--json', '--no-tracks']);
    expect(resumed.code).toBe(0);
    const { total, rendered, cached } = resumed.summary!;
    expect(rendered + cached).toBe(total);
    // Everything journalled before the kill is reused (a torn last line may cost at most one render).
    expect(cached).toBeGreaterThanOrEqual(journalAtKill - 1);
    expect(rendered).toBe(total - cached);

    const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(manifest.items).toHaveLength(total);
    expect(new Set(manifest.items.map((item) => item.file)).size).toBe(total);
    const entries = await readdir(out, { recursive: true });
    expect(entries.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await audioFiles(out)).toHaveLength(total);
    await mapLimit(manifest.items, 4, async (item) => {
      const info = await stat(join(out, item.file));
      expect(info.size, item.file).toBe(item.bytes);
      expect((await decodedSeconds(join(out, item.file))).seconds, item.file).toBeGreaterThan(0.3);
    });
  }, 150_000); // the sample course: 450 renders, each normalized; its lesson tracks are tested in tests/integration/deliver

  it('editing one phrase re-renders only that phrase', async () => {
    const out = join(work.dir, 'edit');
    const { course, courseFile } = await sampleCourseOf('edit', 8);
    expect((await runGenerate([courseFile, '--out', out, '--json'])).summary).toMatchObject({ rendered: 24 });
    const before = await readFile(join(out, 'p003_target.wav'));

    course.phrases[2]!.target = 'Buenas tardes, señora.';
    await writeFile(courseFile, JSON.stringify(course));
    const after = await runGenerate([courseFile, '--out', out, '--json']);
    expect(after.summary).toMatchObject({ rendered: 2, cached: 22 });
    expect((await readFile(join(out, 'p003_target.wav'))).equals(before)).toBe(false);
  });

  it('runs under node with V8 flags (which Node refuses in a worker): workers start without them', async () => {
    // `node --max-old-space-size=... ` used to fail every eSpeak and derive worker start
    // (ERR_WORKER_INVALID_EXEC_ARGV), and the run retried each render for minutes.
    const out = join(work.dir, 'v8-flags');
    const { courseFile } = await sampleCourseOf('v8-flags', 4);
    const result = await collect(spawnGenerate([courseFile, '--out', out, '--json'], {}, ['--max-old-space-size=2048', '--stack-size=2000']), true);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('could not start');
    expect(result.summary).toMatchObject({ total: 12, rendered: 12, failed: 0 });
  });

  it('renders MP3 that decodes', async () => {
    const out = join(work.dir, 'mp3');
    const courseFile = join(work.dir, 'mp3.json');
    const course = JSON.parse(await readFile(SAMPLE, 'utf8'));
    course.phrases = course.phrases.slice(0, 2);
    await writeFile(courseFile, JSON.stringify(course));
    const result = await runGenerate([courseFile, '--out', out, '--format', 'mp3', '--json']);
    expect(result.summary).toMatchObject({ rendered: 6, failed: 0, format: 'mp3' });
    const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    for (const item of manifest.items) {
      expect(item.file).toMatch(/\.mp3$/);
      const { seconds } = await decodedSeconds(join(out, item.file));
      expect(Math.abs(seconds * 1000 - item.durationMs), item.file).toBeLessThan(80);
    }
  });

  it('renders text with & < > " \', emoji and a 400-character sentence', async () => {
    const out = join(work.dir, 'tricky');
    const courseFile = join(work.dir, 'tricky.json');
    const long =
      'La biblioteca municipal, que abrió sus puertas hace más de cien años en el centro histórico de la ciudad, ofrece hoy a sus visitantes una colección extraordinaria de libros antiguos, mapas, fotografías y documentos que cuentan la historia de la región, y además organiza cada semana talleres de lectura, conferencias y actividades para niños, jóvenes y adultos que quieren aprender algo nuevo.';
    expect(long.length).toBeGreaterThanOrEqual(390);
    const course = JSON.parse(await readFile(SAMPLE, 'utf8'));
    course.phrases = [
      { id: 'marks', known: 'Tom & Jerry <say> "hi" \'there\' > all', target: 'Tom & Jerry <dicen> "hola" \'a todos\' > bien' },
      { id: 'emoji', known: 'I love coffee ☕😀!', target: '¡Me encanta el café ☕😀!' },
      { id: 'long', known: 'The long sentence.', target: long },
    ];
    await writeFile(courseFile, JSON.stringify(course));
    const result = await runGenerate([courseFile, '--out', out, '--json']);
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ rendered: 9, failed: 0 });
    const markup = await decodedSeconds(join(out, 'marks_target.wav'));
    // Escaped markup is spoken, not swallowed as tags: "dicen" and the rest make it well over a second.
    expect(markup.seconds).toBeGreaterThan(2);
    expect((await decodedSeconds(join(out, 'emoji_target.wav'))).seconds).toBeGreaterThan(1);
    const longAudio = await decodedSeconds(join(out, 'long_target.wav'));
    expect(longAudio.seconds).toBeGreaterThan(20);
    expect((await decodedSeconds(join(out, 'long_target-slow.wav'))).seconds).toBeGreaterThan(longAudio.seconds * 1.2);
  });
});

describe('npm run generate: bad input exits 2 with a message naming the file, place and problem', () => {
  async function badCourse(name: string, text: string): Promise<{ code: number | null; stderr: string; file: string }> {
    const file = join(work.dir, name);
    await writeFile(file, text);
    const result = await runGenerate([file, '--out', join(work.dir, `out-${name}`)]);
    return { code: result.code, stderr: result.stderr, file };
  }
  const base = () =>
    JSON.parse(
      JSON.stringify({
        schema: 'course/1',
        id: 'bad',
        title: 'Bad',
        languages: { target: 'es-ES', known: 'en-US' },
        voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
        variants: [
          { id: 'known', text: 'known', voice: 'known', rate: 1 },
          { id: 'target', text: 'target', voice: 'target', rate: 1 },
        ],
        phrases: [
          { id: 'p001', known: 'Hello', target: 'Hola' },
          { id: 'p002', known: 'Bye', target: 'Adiós' },
        ],
      }),
    );

  it('invalid JSON', async () => {
    const { code, stderr, file } = await badCourse('invalid.json', '{\n  "schema": "course/1",\n  "id": "bad",,\n}');
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:3:`);
    expect(stderr).toMatch(/invalid JSON/);
  });

  it('missing fields', async () => {
    const course = base();
    delete course.languages;
    delete course.phrases[1].target;
    const { code, stderr, file } = await badCourse('missing.json', JSON.stringify(course, null, 2));
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:`);
    expect(stderr).toMatch(/languages: "languages" is missing/);
    expect(stderr).toMatch(/phrases\[1\] \(id "p002"\)\.target: "target" is missing/);
  });

  it('duplicate phrase ids', async () => {
    const course = base();
    course.phrases[1].id = 'p001';
    const { code, stderr } = await badCourse('dupe.json', JSON.stringify(course, null, 2));
    expect(code).toBe(2);
    expect(stderr).toMatch(/dupe\.json:\d+:\d+: phrases\[1\] \(id "p001"\)\.id: duplicate phrase id "p001"/);
  });

  it('unknown variant voice', async () => {
    const course = base();
    course.variants[1].voice = 'teacher';
    const { code, stderr } = await badCourse('voice.json', JSON.stringify(course, null, 2));
    expect(code).toBe(2);
    expect(stderr).toMatch(/voice\.json:\d+:\d+: variants\[1\] \(id "target"\)\.voice: variant "target" uses voice role "teacher"/);
  });

  it('empty text', async () => {
    const course = base();
    course.phrases[0].known = '';
    const { code, stderr } = await badCourse('empty.json', JSON.stringify(course, null, 2));
    expect(code).toBe(2);
    expect(stderr).toMatch(/empty\.json:\d+:\d+: phrases\[0\] \(id "p001"\)\.known: phrase "p001" has an empty "known" text/);
  });

  it('a voice the offline engine cannot speak', async () => {
    const course = base();
    course.languages.target = 'xx-XX';
    course.voices.target = 'xx-XX-NobodyNeural';
    const { code, stderr } = await badCourse('locale.json', JSON.stringify(course, null, 2));
    expect(code).toBe(2);
    expect(stderr).toMatch(/voice "xx-XX-NobodyNeural" \(variant "target", e\.g\. phrase "p001", 2 renders\)/);
  });

  it('bad usage', async () => {
    const noCourse = await runGenerate([]);
    expect(noCourse.code).toBe(2);
    expect(noCourse.stderr).toMatch(/Missing the course file/);
    const badFlag = await runGenerate([SAMPLE, '--format', 'ogg']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--format must be wav or mp3, got "ogg"/);
    const unknownFlag = await runGenerate([SAMPLE, '--fast']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--fast'/);
    // A value forgotten before the next option: named, not node's "argument is ambiguous".
    const noValue = await runGenerate([SAMPLE, '--format', '--out', 'x']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toMatch(/--format needs a value, but is followed by --out: write --format <value>/);
    expect(noValue.stderr).not.toMatch(/ambiguous/);
  });
});
