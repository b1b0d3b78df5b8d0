/**
 * The offline engine (eSpeak NG, real worker threads) through the real CLI: it says which eSpeak voice
 * speaks (start line, manifest), honours a pronunciation alias (a render of "Vive en QQ." with the
 * entry QQ -> Quito is as long as "Vive en Quito.", unlike "QQs", not the whole word), a [pause 1s], and a
 * variant's exact leading / trailing silence.
 * Audio is measured with sox.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../shared/model/render';
import { useCliWorkspace } from '../../support/cli-workspace';
import { spanishForEnglishFrame } from '../../support/course-fixtures';
import { prerequisite } from '../../support/prerequisites';
import { runGenerate } from '../../support/run-generate';

const exec = promisify(execFile);
const soxTool = prerequisite('sox');

const work = useCliWorkspace('cas-offline-authoring-');

async function soxSeconds(file: string): Promise<number> {
  const { stdout } = await exec('soxi', ['-D', file]);
  return Number(stdout.trim());
}

/** The length of the speech without its quiet edges (sox cuts them: trim, reverse, trim, reverse). */
async function speechSeconds(file: string): Promise<number> {
  const trimmed = `${file}.speech.wav`;
  await exec('sox', [file, trimmed, 'silence', '1', '0.001', '0.2%', 'reverse', 'silence', '1', '0.001', '0.2%', 'reverse']);
  return soxSeconds(trimmed);
}

describe.skipIf(soxTool.missing)(soxTool.title('authoring on the offline engine'), () => {
  it('names the eSpeak voice, says the alias, keeps the pause', async () => {
    const course = {
      ...spanishForEnglishFrame(),
      id: 'offline-authoring',
      title: 'Offline authoring',
      variants: [{ id: 'target', text: 'target', voice: 'target', rate: 1 }],
      phrases: [
        { id: 'abbreviated', known: '-', target: 'Vive en QQ.' },
        { id: 'named', known: '-', target: 'Vive en Quito.' },
        { id: 'unmatched', known: '-', target: 'Vive en QQs.' },
        { id: 'pause', known: '-', target: 'Hola [pause 1s] amigo' },
        { id: 'plain', known: '-', target: 'Hola amigo' },
      ],
      pronunciations: [{ text: 'QQ', alias: 'Quito' }],
    };
    const file = await work.writeCourse(course);
    const out = join(work.dir, 'out');
    const result = await runGenerate([file, '--engine', 'offline', '--out', out, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Offline engine: "es-ES-ElviraNeural" is spoken by eSpeak NG roa/es (Spanish).');

    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.items.map((item) => [item.voice, item.spokenBy])).toEqual(Array(5).fill(['es-ES-ElviraNeural', 'eSpeak NG roa/es (Spanish)']));

    // eSpeak's output varies by a few samples between worker threads, so lengths are compared, with a
    // control: "QQs" is not the whole word "QQ", so eSpeak spells it out, much longer.
    const abbreviated = await soxSeconds(join(out, 'abbreviated_target.wav'));
    expect(Math.abs(abbreviated - (await soxSeconds(join(out, 'named_target.wav'))))).toBeLessThan(0.03);
    expect((await soxSeconds(join(out, 'unmatched_target.wav'))) - abbreviated).toBeGreaterThan(0.2);
    const longer = (await soxSeconds(join(out, 'pause_target.wav'))) - (await soxSeconds(join(out, 'plain_target.wav')));
    expect(longer).toBeGreaterThan(0.8);
    expect(longer).toBeLessThan(1.3);
  });

  it('a variant’s exact leading and trailing silence replace eSpeak’s own quiet edges (sox measures)', async () => {
    const course = {
      ...spanishForEnglishFrame(),
      id: 'offline-silence',
      title: 'Offline silence',
      variants: [
        { id: 'plain', text: 'target', voice: 'target', rate: 1 },
        { id: 'padded', text: 'target', voice: 'target', rate: 1, leadingSilenceMs: 400, trailingSilenceMs: 800 },
      ],
      phrases: [{ id: 'p1', known: '-', target: 'Buenos días, amigo.' }],
    };
    const file = await work.writeCourse(course, 'silence.json');
    const out = join(work.dir, 'out-silence');
    const result = await runGenerate([file, '--engine', 'offline', '--out', out, '--json']);
    expect(result.code).toBe(0);
    // "Exact": eSpeak's own quiet edges give way to exactly 0.4 s before and 0.8 s after the speech.
    const speech = await speechSeconds(join(out, 'p1_plain.wav'));
    const padded = await soxSeconds(join(out, 'p1_padded.wav'));
    expect(padded - speech).toBeGreaterThan(1.15);
    expect(padded - speech).toBeLessThan(1.3);
    expect(Math.abs((await speechSeconds(join(out, 'p1_padded.wav'))) - speech)).toBeLessThan(0.05);
    expect(await soxSeconds(join(out, 'p1_plain.wav'))).toBeGreaterThan(speech); // eSpeak's own edges, untouched there
  });
});
