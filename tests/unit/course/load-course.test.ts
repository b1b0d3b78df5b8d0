import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCourseText, loadCourseFile } from '../../../electron/main/core/course/load-course';
import { type CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { rejectionOf } from '../../support/course-rejection';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const SAMPLE = 'resources/courses/es-en-starter.json';

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...spanishForEnglishFrame(),
    id: 'es-en-starter',
    title: 'Spanish for English speakers: Starter',
    phrases: [{ id: 'p001', known: 'Where is the library?', target: '¿Dónde está la biblioteca?' }],
    ...overrides,
  };
}

const issuesOf = (text: string, file = 'course.json'): CourseLoadError => rejectionOf(text, file);

describe('loading a course file', () => {
  it('loads the core shape from the issue exactly as written', () => {
    const text =
      '{"schema":"course/1","id":"es-en-starter","title":"Spanish for English speakers: Starter","languages":{"target":"es-ES","known":"en-US"},"voices":{"target":"es-ES-ElviraNeural","known":"en-US-JennyNeural"},"variants":[{"id":"known","text":"known","voice":"known","rate":1.0},{"id":"target","text":"target","voice":"target","rate":1.0},{"id":"target-slow","text":"target","voice":"target","rate":0.7}],"phrases":[{"id":"p001","known":"Where is the library?","target":"¿Dónde está la biblioteca?"}]}';
    const { course } = parseCourseText(text, 'starter.json');
    expect(course.phrases[0]?.target).toBe('¿Dónde está la biblioteca?');
    expect(course.variants.map((v) => v.rate)).toEqual([1, 1, 0.7]);
  });

  it('ships a sample course of at least 140 phrases', async () => {
    const { course } = await loadCourseFile(SAMPLE);
    expect(course.phrases.length).toBeGreaterThanOrEqual(140);
    expect(course.phrases.length * course.variants.length).toBeGreaterThanOrEqual(420);
  });

  it('reports invalid JSON with the file, line and column', () => {
    const text = '{\n  "schema": "course/1",\n  "id": "x"\n  "title": "missing comma"\n}';
    const error = issuesOf(text, 'broken.json');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ file: 'broken.json', line: 4 });
    expect(error.message).toMatch(/^broken\.json:4:\d+: invalid JSON/);
  });

  it('names each missing field and where it is missing', () => {
    const course = minimal();
    delete course.title;
    (course.phrases as Array<Record<string, unknown>>)[0] = { id: 'p001', known: 'Hi' };
    const error = issuesOf(JSON.stringify(course, null, 2));
    const messages = error.issues.map((issue) => `${issue.where}: ${issue.problem}`);
    expect(messages).toContain('title: "title" is missing');
    expect(messages.some((m) => m.startsWith('phrases[0] (id "p001").target') && m.includes('"target" is missing'))).toBe(true);
    const targetIssue = error.issues.find((issue) => issue.where?.endsWith('.target'));
    expect(targetIssue?.phraseId).toBe('p001');
    expect(targetIssue?.line).toBeGreaterThan(1);
  });

  it('rejects duplicate phrase ids, pointing at the second one', () => {
    const course = minimal({
      phrases: [
        { id: 'p001', known: 'One', target: 'Uno' },
        { id: 'p002', known: 'Two', target: 'Dos' },
        { id: 'p001', known: 'Three', target: 'Tres' },
      ],
    });
    const text = JSON.stringify(course, null, 2);
    const error = issuesOf(text);
    expect(error.issues).toHaveLength(1);
    const [issue] = error.issues;
    expect(issue?.problem).toMatch(/duplicate phrase id "p001" \(first used by phrases\[0\]\)/);
    const expectedLine = text.split('\n').findIndex((line, index, lines) => line.includes('"p001"') && lines.slice(0, index).some((l) => l.includes('"p001"'))) + 1;
    expect(issue?.line).toBe(expectedLine);
  });

  it('rejects a variant whose voice role is not defined', () => {
    const course = minimal({ variants: [{ id: 'target', text: 'target', voice: 'narrator', rate: 1 }] });
    const error = issuesOf(JSON.stringify(course, null, 2));
    expect(error.message).toMatch(/variants\[0\] \(id "target"\)\.voice: variant "target" uses voice role "narrator", which is not in "voices" \(known roles: "target", "known"\)/);
  });

  it('rejects empty text a variant would speak, naming the phrase', () => {
    const course = minimal({ phrases: [{ id: 'p001', known: 'Hello', target: '   ' }] });
    const error = issuesOf(JSON.stringify(course, null, 2));
    expect(error.issues[0]).toMatchObject({ phraseId: 'p001', problem: 'phrase "p001" has an empty "target" text' });
  });

  it('rejects rates outside what the engines can speak', () => {
    const course = minimal({ variants: [{ id: 'fast', text: 'target', voice: 'target', rate: 3 }] });
    expect(issuesOf(JSON.stringify(course)).message).toMatch(/variants\[0\] \(id "fast"\)\.rate: must be at most 2\.0/);
  });

  it('reports every issue at once, not only the first', () => {
    const course = minimal({
      variants: [{ id: 'a', text: 'target', voice: 'nobody', rate: 1 }],
      phrases: [
        { id: 'p1', known: 'x', target: '' },
        { id: 'p1', known: 'y', target: 'z' },
      ],
    });
    expect(issuesOf(JSON.stringify(course)).issues.length).toBe(3);
  });

  it('reports a missing file and an unsupported extension clearly', async () => {
    await expect(loadCourseFile('does/not/exist.json')).rejects.toThrow(/does\/not\/exist\.json: file not found/);
    expect(() => parseCourseText('{}', 'course.yaml')).toThrow(/unsupported file type "\.yaml"/);
  });
});

describe('an MP3 bitrate the files cannot carry', () => {
  it("warns, at output.bitrate, when no sample rate is chosen and the engines' 22.05/24 kHz caps it at 160 kbps", () => {
    const text = JSON.stringify(minimal({ output: { format: 'mp3', bitrate: 192 } }), null, 2);
    const { warnings } = parseCourseText(text, 'course.json');
    const line = text.split('\n').findIndex((row) => row.includes('"bitrate"')) + 1;
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^course\\.json:${line}:\\d+: 192 kbps: without "sampleRate" .* so they will be 160 kbps\\. Add "sampleRate": 44100`)),
    ]);
  });

  it('is silent for a bitrate within 160 kbps, or with a sample rate that carries it', () => {
    for (const output of [{ bitrate: 160 }, { bitrate: 192, sampleRate: 44_100 }]) expect(parseCourseText(JSON.stringify(minimal({ output })), 'course.json').warnings).toEqual([]);
  });
});

describe('a loudness target the true-peak ceiling leaves too little room for', () => {
  it('is refused under 9 dB of room (at output.loudness.integrated), warned about under 13', () => {
    const refused = issuesOf(JSON.stringify(minimal({ output: { loudness: { integrated: -5, truePeak: -12 } } }), null, 2));
    expect(refused.issues[0]?.where).toBe('output.loudness.integrated');
    expect(refused.issues[0]?.problem).toBe(
      '-5 LUFS under a -12 dBTP ceiling leaves -7 dB for the peaks; speech needs at least 9: lower "integrated" to -21 or less, or raise "truePeak"',
    );
    expect(() => parseCourseText(JSON.stringify(minimal({ output: { loudness: { integrated: -9, truePeak: -0.5 } } })), 'course.json')).toThrow(/leaves 8.5 dB/);
    const { warnings } = parseCourseText(JSON.stringify(minimal({ output: { loudness: { integrated: -12, truePeak: -1 } } })), 'course.json');
    expect(warnings).toEqual([expect.stringMatching(/: -12 LUFS under a -1 dBTP ceiling leaves 11 dB for the peaks: speech reaches it only by hard limiting/)]);
    // The defaults (-18 / -1.5) and a loud but roomy -14 / -1 say nothing.
    for (const loudness of [{}, { integrated: -14, truePeak: -1 }, { integrated: -16, truePeak: -3 }])
      expect(parseCourseText(JSON.stringify(minimal({ output: { loudness } })), 'course.json').warnings).toEqual([]);
  });
});

describe('importing a CSV', () => {
  it('imports id,known,target with header directives into the same model', async () => {
    const { course, warnings } = await loadCourseFile('resources/courses/es-en-greetings.csv');
    expect(warnings).toEqual([]);
    expect(course.id).toBe('es-en-greetings');
    expect(course.languages).toEqual({ target: 'es-ES', known: 'en-US' });
    expect(course.voices.target).toBe('es-ES-ElviraNeural');
    expect(course.variants.map((v) => `${v.id}@${v.rate}`)).toEqual(['known@1', 'target@1', 'target-slow@0.7']);
    expect(course.phrases[0]).toMatchObject({ id: 'p001', known: 'Hello, how are you?', target: 'Hola, ¿cómo estás?', lesson: 'L01' });
  });

  it('accepts a bare CSV, assuming Spanish/English and saying so', () => {
    const { course, warnings } = parseCourseText('id,known,target\nq1,"Hello, friend","Hola, amigo"\n', 'bare.csv');
    expect(course.phrases).toEqual([{ id: 'q1', known: 'Hello, friend', target: 'Hola, amigo' }]);
    expect(warnings.join()).toMatch(/assuming target es-ES, known en-US/);
  });

  it('reports the CSV line of a bad row', () => {
    const text = '# target: es-ES\n# known: en-US\nid,known,target\nq1,One,Uno\nq2,Two,\nq1,Three,Tres\n';
    const error = issuesOf(text, 'list.csv');
    expect(error.issues.map((issue) => `${issue.line} ${issue.where}`)).toEqual(['5 column "target"', '6 column "id"']);
    expect(error.message).toMatch(/^list\.csv:5: column "target": phrase "q2" has an empty "target" text/m);
  });

  it('reports a missing required column and an unclosed quote', () => {
    expect(issuesOf('id,target\nq1,Uno\n', 'a.csv').message).toMatch(/a\.csv:1: the header lacks the column "known"/);
    expect(issuesOf('id,known,target\nq1,"One,Uno\n', 'b.csv').message).toMatch(/b\.csv:\d+: the CSV cannot be read/);
  });

  it('keeps the sample CSV in step with the JSON sample', () => {
    const csv = readFileSync('resources/courses/es-en-greetings.csv', 'utf8');
    expect(csv.split('\n').filter((line) => /^p\d+/.test(line))).toHaveLength(15);
  });
});
