/**
 * Authoring through the real CLI, the real Speech SDK and the local Azure server, checked on the
 * server side (its turn log records every SSML it received): a pronunciation entry reaches the
 * service for exactly the renders whose text holds the word, delivery markup arrives as SSML
 * elements, and a style the voice does not offer stops the run before anything is billed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorkspace } from '../../support/cli-workspace';
import type { Course } from '../../../shared/model/course';
import type { Manifest } from '../../../shared/model/render';
import type { AzureServer } from '../../support/azure-server';
import { runGenerate } from '../../support/run-generate';
import { TEST_KEY, makeCourse, startServer } from './azure-harness';

const work = useCliWorkspace('cas-azure-authoring-');

const azureArgs = (s: AzureServer): string[] => ['--engine', 'azure', '--azure-host', s.url, '--azure-key', TEST_KEY, '--max-connections', '2'];
const TEXTS = ['Hola, Ana.', 'Buenos días.', 'Anabel y el Sr. Pérez.', 'Adiós [pause 500ms] [em]Ana[/em].'];

describe('authoring reaches the service', () => {
  it('a pronunciation entry changes the SSML the server receives for exactly the renders with the word', async () => {
    const server = work.closeAfter(await startServer());
    const course = makeCourse(TEXTS.length, { texts: (i) => TEXTS[i]! });
    const file = await work.writeCourse(course);
    const out = join(work.dir, 'out');
    const first = await runGenerate([file, ...azureArgs(server), '--out', out, '--json']);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ total: 8, rendered: 8, failed: 0 });
    const before = server.turnLog().length;
    expect(before).toBe(8);
    // The markup arrived as elements, its text spoken without the brackets.
    const marked = server.turnLog().filter((turn) => turn.ssml.includes('<break time="500ms"/>'));
    expect(marked).toHaveLength(2);
    expect(marked[0]!.ssml).toContain('Adiós <break time="500ms"/> <emphasis>Ana</emphasis>.');
    expect(marked[0]!.text).toBe('Adiós Ana.');

    await work.writeCourse({ ...course, pronunciations: [{ locale: 'es-ES', text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' }] });
    const second = await runGenerate([file, ...azureArgs(server), '--out', out, '--json']);
    expect(second.code).toBe(0);
    // p001 ("Ana") and p004 ("[em]Ana[/em]") in both variants; "Anabel" is another word.
    expect(second.summary).toMatchObject({ total: 8, rendered: 4, cached: 4, failed: 0 });
    const resent = server.turnLog().slice(before);
    expect(resent).toHaveLength(4);
    for (const turn of resent) expect(turn.ssml).toContain('<phoneme alphabet="ipa" ph="ˈana">Ana</phoneme>');
    expect(resent.map((turn) => turn.text).sort()).toEqual(['Adiós Ana.', 'Adiós Ana.', 'Hola, Ana.', 'Hola, Ana.']);

    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.items).toHaveLength(8);
    expect(manifest.items.every((item) => item.spokenBy === undefined)).toBe(true); // Azure speaks as named
  });

  it('a style the voice does not offer stops the run before the first render, with its place', async () => {
    const server = work.closeAfter(await startServer());
    const course = makeCourse(2);
    const styled: Course = { ...course, variants: course.variants.map((variant) => (variant.id === 'target-slow' ? { ...variant, style: 'cheerful' } : variant)) };
    const file = await work.writeCourse(styled);
    const result = await runGenerate([file, ...azureArgs(server), '--out', join(work.dir, 'out'), '--json']);
    expect(result.code).toBe(2);
    const line =
      JSON.stringify(styled, null, 2)
        .split('\n')
        .findIndex((text) => text.includes('"style": "cheerful"')) + 1;
    expect(result.stderr).toContain(`${file}:${line}:16: variant "target-slow": voice "es-ES-ElviraNeural" has no style "cheerful" (it offers no styles).`);
    expect(server.counters().turns).toBe(0);

    // The same style on a voice that lists it reaches the server inside <mstts:express-as>.
    await work.writeCourse({ ...styled, voices: { ...styled.voices, target: 'es-MX-JorgeNeural' } });
    const ok = await runGenerate([file, ...azureArgs(server), '--out', join(work.dir, 'out2'), '--json']);
    expect(ok.code).toBe(0);
    const expressed = server.turnLog().filter((turn) => turn.ssml.includes('<mstts:express-as style="cheerful"><prosody rate="-30%">'));
    expect(expressed).toHaveLength(2);
  });
});
