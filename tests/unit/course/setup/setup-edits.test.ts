/**
 * The setup -> edits module, applied by the one course-file writer (course/edit) on real texts: a JSON
 * course keeps its comments, formatting and untouched lines; a CSV course gets `# key: value` header
 * lines (rewritten in place when there is one); what a CSV cannot say is refused with a sentence; the
 * loader reads the result.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseJsonc } from 'jsonc-parser';
import { parseCourseText } from '../../../../electron/main/core/course/load-course';
import { applyCourseEdits } from '../../../../electron/main/core/course/edit/course-document';
import { CourseEditError } from '../../../../electron/main/core/course/edit/course-edit';
import { jsonEditsFor, setupEditsFor } from '../../../../electron/main/core/course/setup/setup-edits';
import type { SetupChange, SetupVariant } from '../../../../shared/ipc/setup-contract';

const JSONC = `{
    "schema": "course/1", "id": "demo",
    "title": "Demo",
    "languages": { "target": "es-ES", "known": "en-US" },
    "voices": { "target": "es-ES-ElviraNeural", "known": "en-US-JennyNeural" },
    "variants": [
        { "id": "known", "text": "known", "voice": "known" },
        { "id": "target", "text": "target", "voice": "target", "rate": 1 },
        { "id": "target-slow", "text": "target", "voice": "target", "rate": 0.7 }
    ],
    "phrases": [ { "id": "p1", "known": "Hello, Ana.", "target": "Hola, Ana." } ]
}
`;
const variants = (): SetupVariant[] => [
  { id: 'known', text: 'known', voice: 'known', rate: 1 },
  { id: 'target', text: 'target', voice: 'target', rate: 1 },
  { id: 'target-slow', text: 'target', voice: 'target', rate: 0.7 },
];
const applyJsonEdits = (text: string, edits: ReturnType<typeof jsonEditsFor>): string =>
  applyCourseEdits(
    { file: 'demo.json', format: 'json' },
    text,
    edits.map((edit) => ({ op: 'set' as const, path: edit.path, value: edit.value })),
  );
const edit = (change: SetupChange): string => applyJsonEdits(JSONC, jsonEditsFor(parseJsonc(JSONC), change));
const changedLines = (before: string, after: string): string[] => {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line));
};

describe('setup changes of a JSON course', () => {
  it('an unchanged setup gives no edits (an absent rate of 1 stays absent)', () => {
    const raw = parseJsonc(JSONC);
    expect(jsonEditsFor(raw, { title: 'Demo', languages: { target: 'es-ES', known: 'en-US' }, variants: variants(), pronunciations: [], output: {} })).toEqual([]);
  });

  it('changes only the values that differ, keeping indentation and the other lines', () => {
    const next = variants();
    next[2] = { ...next[2]!, rate: 0.8, pitch: '-5%' };
    const after = edit({ title: 'Demo course', variants: next, voices: { target: 'es-MX-DaliaNeural', known: 'en-US-JennyNeural' } });
    expect(after).toContain('{ "id": "known", "text": "known", "voice": "known" },'); // an absent rate of 1 stays absent
    expect(after).toContain('"schema": "course/1", "id": "demo",');
    expect(after).toContain('{ "id": "target", "text": "target", "voice": "target", "rate": 1 },');
    const changed = changedLines(JSONC, after).join('\n');
    expect(changed).not.toMatch(/"id": "known"|"id": "target",|phrases|languages/);
    expect(changed).toContain('"pitch": "-5%"');
    const course = parseJsonc(after) as { title: string; voices: Record<string, string>; variants: SetupVariant[] };
    expect(course.title).toBe('Demo course');
    expect(course.voices.target).toBe('es-MX-DaliaNeural');
    expect(course.variants[2]).toMatchObject({ rate: 0.8, pitch: '-5%' });
  });

  it('adds and removes variants and whole tables, and removes a field set back to nothing', () => {
    const added = edit({
      variants: [...variants(), { id: 'target-fast', text: 'target', voice: 'target', rate: 1.2, style: 'cheerful' }],
      pronunciations: [{ text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' }],
    });
    const doc = parseJsonc(added) as { variants: SetupVariant[]; pronunciations: unknown[] };
    expect(doc.variants.map((v) => v.id)).toEqual(['known', 'target', 'target-slow', 'target-fast']);
    expect(doc.pronunciations).toEqual([{ text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' }]);
    expect(added).toContain('{ "id": "known", "text": "known", "voice": "known" },');

    const back = applyJsonEdits(added, jsonEditsFor(parseJsonc(added), { variants: variants().slice(0, 2), pronunciations: [] }));
    const trimmed = parseJsonc(back) as Record<string, unknown>;
    expect((trimmed.variants as SetupVariant[]).map((v) => v.id)).toEqual(['known', 'target']);
    expect('pronunciations' in trimmed).toBe(false);

    const styled = applyJsonEdits(added, jsonEditsFor(parseJsonc(added), { variants: [...variants(), { id: 'target-fast', text: 'target', voice: 'target', rate: 1.2 }] }));
    expect((parseJsonc(styled) as { variants: SetupVariant[] }).variants[3]).toEqual({ id: 'target-fast', text: 'target', voice: 'target', rate: 1.2 });
  });

  it('output settings: set, changed field by field, and the block removed when emptied', () => {
    const set = edit({ output: { format: 'mp3', naming: '{lesson}/{phrase}_{variant}' } });
    expect(parseJsonc(set).output).toEqual({ format: 'mp3', naming: '{lesson}/{phrase}_{variant}' });
    const cleared = applyJsonEdits(set, jsonEditsFor(parseJsonc(set), { output: {} }));
    expect('output' in (parseJsonc(cleared) as object)).toBe(false);
  });

  it('what the edits produce is read by the loader, which places its problems in the edited text', () => {
    const strict = JSONC;
    const good = applyJsonEdits(strict, jsonEditsFor(JSON.parse(strict), { languages: { target: 'de-DE', known: 'en-US' } }));
    expect(parseCourseText(good, 'demo.json').course.languages.target).toBe('de-DE');
    const bad = variants();
    bad[2] = { ...bad[2]!, rate: 3 };
    const broken = applyJsonEdits(strict, jsonEditsFor(JSON.parse(strict), { variants: bad }));
    const line = broken.split('\n').findIndex((text) => text.includes('"rate": 3')) + 1;
    expect(() => parseCourseText(broken, 'demo.json')).toThrow(new RegExp(`^demo\\.json:${line}:\\d+: variants\\[2\\] \\(id "target-slow"\\)\\.rate: must be at most 2\\.0\\.`));
  });
});

const GERMAN = 'id,known,target\r\nd1,Good morning.,Guten Morgen.\r\nd2,Thank you.,Danke.\r\n';
const applyCsv = (text: string, file: string, course: unknown, change: SetupChange): string => applyCourseEdits({ file, format: 'csv' }, text, setupEditsFor(course, change));

describe('setup changes of a CSV course', () => {
  const german = parseCourseText(GERMAN, 'german.csv').course;

  it('a CSV with no header lines gets them, above the column header, in its own line ends; its rows stay byte for byte', () => {
    expect(german.languages.target).toBe('es-ES'); // what the loader assumes without "# target:"
    const change = { title: 'German', languages: { target: 'de-DE', known: 'en-US' }, voices: { ...german.voices }, variants: german.variants };
    const text = applyCsv(GERMAN, 'german.csv', german, change);
    expect(text).toMatch(/^# title: German\r\n/m);
    expect(text).toMatch(/^# target: de-DE\r\n/m);
    expect(text.endsWith(GERMAN)).toBe(true);
    const reloaded = parseCourseText(text, 'german.csv').course;
    expect(reloaded.title).toBe('German');
    expect(reloaded.languages.target).toBe('de-DE');
    expect(reloaded.phrases.map((p) => p.target)).toEqual(['Guten Morgen.', 'Danke.']);
    // Applying the same setup again changes nothing.
    expect(applyCsv(text, 'german.csv', reloaded, { ...change, voices: reloaded.voices, variants: reloaded.variants })).toBe(text);
  });

  it('rewrites an existing line in place (an alias key included) and keeps comments and other lines', () => {
    const csv = '\uFEFF# A note for the team\n# target-language: fr-FR\n#separator:Comma\n# slow-rate: 0.7\n\nid,known,target\nf1,Hello.,Bonjour.\n';
    const course = parseCourseText(csv, 'fr.csv').course;
    const slow = [...course.variants];
    slow[2] = { ...slow[2]!, rate: 0.6 };
    const text = applyCsv(csv.replace(/^\uFEFF/, ''), 'fr.csv', course, {
      languages: { target: 'fr-CA', known: course.languages.known },
      variants: slow,
      voices: { target: 'fr-CA-SylvieNeural', known: course.voices.known! },
    });
    expect(text).toContain('# A note for the team\n');
    expect(text).toContain('#separator:Comma\n');
    expect(text).not.toContain('fr-FR');
    expect(text).toContain('# slow-rate: 0.6\n');
    expect(text.endsWith('\nid,known,target\nf1,Hello.,Bonjour.\n')).toBe(true);
    expect(parseCourseText(text, 'fr.csv').course).toMatchObject({ languages: { target: 'fr-CA' }, voices: { target: 'fr-CA-SylvieNeural' } });
  });

  it('refuses what a CSV cannot say, naming it', () => {
    const styled = german.variants.map((variant) => (variant.id === 'target' ? { ...variant, style: 'cheerful' } : variant));
    expect(() => applyCsv(GERMAN, 'german.csv', german, { variants: styled })).toThrow(CourseEditError);
    expect(() => applyCsv(GERMAN, 'german.csv', german, { pronunciations: [{ text: 'Ana', alias: 'Anna' }] })).toThrow(/cannot hold .*save the course as JSON/);
    expect(() => applyCsv(GERMAN, 'german.csv', german, { title: 'two\nlines' })).toThrow(/line break/);
  });
});
