import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_DIR } from '../../../electron/main/core/run/state-dir';
import { spawn } from 'node:child_process';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { collect, REPO, runGenerate } from '../../support/run-generate';
import { assertSoxAvailable, decodeWithSox } from '../../support/audio-decode';
import { useTempFolder } from '../../support/temp-folder';

/**
 * The hostile-input corpus (tests/fixtures/hostile/): every broken or hostile course file is run
 * through the real `generate` CLI in a child process and must end exactly as expected.json says:
 * the exit code, and the place and words of the message, or audio that decodes. Big files are
 * generated here into a temp folder rather than committed.
 */

const CORPUS = resolve(REPO, 'tests/fixtures/hostile');
const LOAD_ONLY = resolve(REPO, 'tests/integration/hostile/load-only.ts');

const ExpectationSchema = z.object({
  file: z.string(),
  exit: z.number(),
  /** Substrings of stderr; `{file}` is the course path as passed, `{out}` the --out value. The first must start a line. */
  messages: z.array(z.string()).optional(),
  /** Exit 0 cases: how many audio files the run leaves, each decoding with sox. */
  renders: z.number().optional(),
  maxSeconds: z.number().optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** Made by this test (too big, too deep or too binary to commit). */
  generate: z.string().optional(),
  /** `file`: --out names an existing file; `under-file`: a path under one; `empty`: --out ''; `state-folder`: inside another output folder's state. */
  out: z.enum(['file', 'under-file', 'empty', 'state-folder']).optional(),
  /** Load in a heap-capped child instead of rendering (the 100,000-phrase course). */
  loadOnly: z.boolean().optional(),
  phrases: z.number().optional(),
  why: z.string(),
});
type Expectation = z.infer<typeof ExpectationSchema>;

const work = useTempFolder('cas-hostile-');
let base: Record<string, unknown> & { phrases: Array<Record<string, unknown>> };

beforeAll(async () => {
  await assertSoxAvailable();
  base = JSON.parse(await readFile(join(CORPUS, 'out-valid.json'), 'utf8')) as typeof base;
});

function withPhrase(phrase: Record<string, unknown>): string {
  return JSON.stringify({ ...base, phrases: [{ ...base.phrases[0], ...phrase }] }, null, 2);
}

/** Writes the generated fixture `name` into the temp folder and returns its path. */
async function generate(kind: string, name: string): Promise<string> {
  const file = join(work.dir, name);
  switch (kind) {
    case 'deep-nesting':
      await writeFile(file, '['.repeat(100_000) + ']'.repeat(100_000));
      break;
    case 'deep-nesting-in-notes':
      await writeFile(file, withPhrase({ notes: '@NOTES@' }).replace('"@NOTES@"', '['.repeat(100_000) + ']'.repeat(100_000)));
      break;
    case 'too-big': {
      // Sparse: 60 MB by size, nothing on disk; it must be refused by stat before any read.
      const handle = await open(file, 'w');
      await handle.truncate(60 * 1024 * 1024);
      await handle.close();
      break;
    }
    case 'huge-invalid': {
      const phrases = Array.from({ length: 400_000 }, (_, i) => ({ id: `p${i}`, known: 'Where is the library, please?', target: '¿Dónde está la biblioteca, por favor?' }));
      const text = JSON.stringify({ ...base, phrases });
      await writeFile(file, `${text.slice(0, -1)},}`);
      break;
    }
    case 'huge-override-text':
      await writeFile(file, withPhrase({ overrides: { target: { text: 'hola '.repeat(15_000) } } }));
      break;
    case 'huge-target-text':
      await writeFile(file, withPhrase({ target: 'x'.repeat(5001) }));
      break;
    case 'hundred-thousand-phrases': {
      const phrases = Array.from({ length: 100_000 }, (_, i) => ({
        id: `p${String(i + 1).padStart(6, '0')}`,
        known: `Where is library number ${i + 1}?`,
        target: `¿Dónde está la biblioteca número ${i + 1}?`,
      }));
      await writeFile(file, JSON.stringify({ ...base, phrases }, null, 2));
      break;
    }
    default:
      throw new Error(`expected.json names an unknown generator "${kind}"`);
  }
  return file;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What is wrong with one case's outcome; empty when it ended as the table says. */
async function runCase(entry: Expectation, index: number): Promise<string[]> {
  const course = entry.generate ? await generate(entry.generate, entry.file) : `tests/fixtures/hostile/${entry.file}`;
  const label = `${entry.file} (${entry.why})`;
  if (entry.loadOnly) {
    const child = spawn(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', LOAD_ONLY, course], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child, true);
    const summary = result.summary;
    if (result.code !== 0 || !summary || summary.phrases !== entry.phrases) return [`${label}: load-only child exited ${result.code}: ${result.stderr.slice(-500)}`];
    const loadedMs = Number(summary.loadedMs);
    // Generous on a loaded 2-core machine: the point is no quadratic step (that would take minutes).
    if (!(loadedMs < 60_000)) return [`${label}: took ${loadedMs} ms to load`];
    process.stderr.write(`hostile corpus: 100,000 phrases loaded in ${loadedMs} ms, max RSS ${String(summary.maxRssMb)} MB (heap capped at 128 MB)\n`);
    return [];
  }

  let out = join(work.dir, `out-${index}`);
  if (entry.out === 'file' || entry.out === 'under-file') {
    const blocker = join(work.dir, `blocker-${index}.txt`);
    await writeFile(blocker, 'not a folder\n');
    out = entry.out === 'file' ? blocker : join(blocker, 'audio');
  }
  if (entry.out === 'empty') out = '';
  if (entry.out === 'state-folder') out = join(work.dir, `holder-${index}`, STATE_DIR, 'masters');
  const result = await runGenerate([course, '--out', out], entry.env ?? {});
  const problems: string[] = [];
  if (result.code !== entry.exit) problems.push(`${label}: exit ${result.code}, expected ${entry.exit}`);
  if (/Maximum call stack|heap out of memory|\n\s+at .+\(.+:\d+:\d+\)/.test(result.stderr)) problems.push(`${label}: crashed`);
  (entry.messages ?? []).forEach((template, position) => {
    const message = template.replaceAll('{file}', course).replaceAll('{out}', out);
    const found = position === 0 ? new RegExp(`(^|\\n)\\s*${escapeRegExp(message)}`).test(result.stderr) : result.stderr.includes(message);
    if (!found) problems.push(`${label}: stderr lacks ${position === 0 ? 'a line starting with ' : ''}${JSON.stringify(message)}`);
  });
  if (entry.exit === 0 && entry.renders !== undefined) {
    // The delivered files only: the masters cache (.course-audio-studio/masters/) holds the engine's copies.
    const files = (await readdir(out, { recursive: true })).filter((name) => /\.(wav|mp3)$/.test(name) && !name.startsWith(`${STATE_DIR}/`));
    if (files.length !== entry.renders) problems.push(`${label}: ${files.length} audio files, expected ${entry.renders}`);
    for (const name of files) {
      const audio = await decodeWithSox(join(out, name));
      if (!(audio.decodedSec > 0.3 && audio.rmsAmplitude > 0.005)) problems.push(`${label}: ${name} decodes to ${audio.decodedSec} s at RMS ${audio.rmsAmplitude}`);
      if (entry.maxSeconds !== undefined && audio.decodedSec > entry.maxSeconds)
        problems.push(`${label}: ${name} lasts ${audio.decodedSec} s, over ${entry.maxSeconds} s (markup obeyed, not spoken?)`);
    }
  }
  if (problems.length) problems.push(`  stderr of ${entry.file}: ${result.stderr.slice(0, 800)}`);
  return problems;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!, index);
      }
    }),
  );
  return results;
}

describe('the hostile-input corpus (tests/fixtures/hostile)', () => {
  it('every broken or hostile course ends as expected.json says, through the real CLI', { timeout: 600_000 }, async () => {
    const table = z.array(ExpectationSchema).parse(JSON.parse(await readFile(join(CORPUS, 'expected.json'), 'utf8')));
    const committed = (await readdir(CORPUS)).filter((name) => /\.(json|csv)$/.test(name) && name !== 'expected.json');
    const covered = new Set(table.map((entry) => entry.file));
    expect(
      committed.filter((name) => !covered.has(name)),
      'fixtures without an expected outcome',
    ).toEqual([]);
    expect(
      table.filter((entry) => !entry.generate && !committed.includes(entry.file)).map((entry) => entry.file),
      'table rows without a fixture',
    ).toEqual([]);
    expect(new Set(table.map((entry) => `${entry.file}|${entry.generate ?? ''}`)).size).toBeGreaterThanOrEqual(40);

    const problems = (await mapLimit(table, 3, runCase)).flat();
    expect(problems).toEqual([]);
  });
});
