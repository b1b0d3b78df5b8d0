import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { spanishForEnglishFrame } from './course-fixtures';

/**
 * What the studio's deliverables tests share (issue 11): a small course whose renders trip the QA
 * flags for real, and the Anki package opened as Anki would, by tools that are not the writer
 * (python3's zipfile, the sqlite3 command).
 */

const exec = promisify(execFile);

/** Forty-five combining accents on one letter: the text predicts ~3 s of speech, eSpeak says one short vowel (truncated). */
const MANY_MARKS = 'a' + '\u0301'.repeat(45);

/**
 * Three phrases in two lessons, one variant each, and a per-lesson track: `ok` is plain speech, `long`
 * holds a 15 s pause the text does not predict (runaway), `marks` predicts far more than eSpeak says
 * (truncated). How the core flags them: electron/main/core/deliver/qa.ts.
 */
export function qaCourse(id: string): { id: string } & Record<string, unknown> {
  return {
    ...spanishForEnglishFrame(),
    id,
    title: `QA course ${id}`,
    variants: [{ id: 'target', text: 'target', voice: 'target', rate: 1 }],
    tracks: [{ id: 'drill', per: 'lesson', sequence: ['target', { pause: 1 }], between: { pause: 0.5 } }],
    phrases: [
      { id: 'ok', lesson: 'L1', known: 'Hello.', target: 'Hola.' },
      { id: 'long', lesson: 'L1', known: 'Wait.', target: 'Hola [pause 15s] adiós.' },
      { id: 'marks', lesson: 'L2', known: 'Accents.', target: MANY_MARKS },
    ],
  };
}

/** Unpacks an .apkg with python3's zipfile and returns its entry names. */
export async function unpackApkg(apkg: string, into: string): Promise<string[]> {
  const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nz.extractall(sys.argv[2])\nprint("\\n".join(z.namelist()))';
  const { stdout } = await exec('python3', ['-c', script, apkg, into]);
  return stdout.trim().split('\n');
}

/** One query against an SQLite file with the sqlite3 command. */
export async function sqlite(db: string, query: string): Promise<string> {
  return (await exec('sqlite3', ['-separator', '|', db, query])).stdout.trim();
}
