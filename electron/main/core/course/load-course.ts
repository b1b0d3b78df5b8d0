import { extname } from 'node:path';
import { CourseSchema, MPEG2_MAX_BITRATE, PEAK_TO_LOUDNESS_WARN_DB, peakRoomDb, tenthDb, type Course } from '../../../../shared/model/course';
import { CourseLoadError, type CourseIssue } from './course-issue';
import { readCourseText } from './course-text';
import { courseIdFromFileName, importCsv } from './csv-import';
import { JsonLocator } from './json-locator';
import { findJsonSyntaxProblem, jsonNestingProblem } from './json-syntax';
import { describePath, validateCourse, type PathIssue } from './validate-course';
import { unknownKeys } from './unknown-keys';
import { voiceLanguageWarnings } from './voice-language';

export interface LoadedCourse {
  readonly course: Course;
  readonly file: string;
  /** Non-fatal remarks (assumed defaults, ignored columns) worth showing the producer. */
  readonly warnings: string[];
  /**
   * `file:line:column` where a voice name is written (the `voices` value, the CSV header line), for
   * messages about that voice. Computed on demand: a valid course never pays for it.
   */
  readonly voicePlace?: (voice: string) => string | undefined;
  /** `file:line:column` of a value by its JSON path (e.g. a variant's "style"); the header line for a CSV. */
  readonly placeOf?: (path: ReadonlyArray<string | number>) => string | undefined;
}

/** Reads a course (.json or .csv), validates it fully and throws a CourseLoadError listing every issue. */
export async function loadCourseFile(file: string): Promise<LoadedCourse> {
  return parseCourseText(await readCourseText(file), file);
}

export function parseCourseText(text: string, file: string): LoadedCourse {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv') return parseCsvCourse(text, file);
  if (extension !== '.json') {
    throw new CourseLoadError([{ file, problem: `unsupported file type "${extension || '(none)'}"`, hint: 'Use a .json course file or a .csv phrase list.' }]);
  }
  return parseJsonCourse(text, file);
}

function parseJsonCourse(text: string, file: string): LoadedCourse {
  const source = text.replace(/^\uFEFF/, '');
  const locator = new JsonLocator(source);
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    // Our own account of the error: V8's wording and position format differ between Node versions.
    const syntax = findJsonSyntaxProblem(source) ?? { offset: 0, problem: 'invalid JSON', hint: 'Fix the syntax (a missing comma, quote or bracket is the usual cause).' };
    throw new CourseLoadError([
      { file, ...locator.positionOf(syntax.offset), problem: `invalid JSON: ${syntax.problem}`, hint: syntax.hint, excerpt: locator.excerptAt(syntax.offset) },
    ]);
  }
  // JSON.parse takes any depth; the locator (jsonc-parser) recurses, so refuse absurd nesting first.
  const tooDeep = jsonNestingProblem(source);
  if (tooDeep) throw new CourseLoadError([{ file, ...locator.positionOf(tooDeep.offset), problem: tooDeep.problem, hint: tooDeep.hint }]);
  const { course, issues } = validateCourse(raw);
  if (!course) {
    throw new CourseLoadError(
      issues.map((issue) => {
        const position = issue.charIndex !== undefined ? locator.positionInString(issue.path, issue.charIndex) : locator.positionOfPath(issue.path);
        return toCourseIssue(issue, file, raw, position);
      }),
    );
  }
  const voicePlace = (voice: string): string | undefined => {
    const role = Object.keys(course.voices).find((candidate) => course.voices[candidate] === voice);
    const position = role === undefined ? undefined : locator.positionOfValue(['voices', role]);
    return position ? `${file}:${position.line}:${position.column}` : undefined;
  };
  const at = (path: Array<string | number>, position = locator.positionOfValue(path)): string => `${file}${position ? `:${position.line}:${position.column}` : ''}`;
  const warnings = [
    ...unknownKeys(CourseSchema, raw).map(
      (unknown) =>
        `${at(unknown.path, locator.positionOfPath(unknown.path))}: ${describePath(unknown.path.slice(0, -1), raw) || 'the course'} has a key "${unknown.key}" the course format does not know: it is ignored${unknown.suggestion ? ` (did you mean "${unknown.suggestion}"?)` : ''}.`,
    ),
    ...voiceLanguageWarnings(course).map((warning) => `${at(warning.path)}: ${warning.message}`),
    ...outputWarnings(course).map((warning) => `${at(warning.path)}: ${warning.message}`),
  ];
  const placeOf = (path: ReadonlyArray<string | number>): string | undefined => {
    const position = locator.positionOfValue([...path]);
    return position ? `${file}:${position.line}:${position.column}` : undefined;
  };
  return { course, file, warnings, voicePlace, placeOf };
}

function parseCsvCourse(text: string, file: string): LoadedCourse {
  const imported = importCsv(text, file, courseIdFromFileName(file));
  if ('issues' in imported) throw new CourseLoadError(imported.issues);
  const { course, issues } = validateCourse(imported.raw);
  if (!course) {
    throw new CourseLoadError(
      issues.map((issue) => {
        // Map phrases[i].field back to the CSV record's line; anything else is about the header.
        const line = issue.path[0] === 'phrases' && typeof issue.path[1] === 'number' ? imported.lineOfPhrase(issue.path[1]) : imported.headerLine;
        const where = issue.path[0] === 'phrases' && typeof issue.path[2] === 'string' ? `column "${issue.path[2]}"` : describePath(issue.path, imported.raw);
        return { file, line, where, ...pick(issue) };
      }),
    );
  }
  const voicePlace = (voice: string): string | undefined => {
    const role = Object.keys(course.voices).find((candidate) => course.voices[candidate] === voice);
    const line = role === undefined ? undefined : imported.voiceLines[role];
    return line === undefined ? undefined : `${file}:${line}`;
  };
  const languageWarnings = voiceLanguageWarnings(course).map(
    (warning) =>
      `${file}:${imported.voiceLines[warning.role] ?? imported.headerLine}: ${warning.message.replace(/check "languages" and "voices"$/, 'check the "# target:" / "# known:" and voice lines')}`,
  );
  return { course, file, warnings: [...imported.warnings, ...languageWarnings], voicePlace, placeOf: () => `${file}:${imported.headerLine}` };
}

function toCourseIssue(issue: PathIssue, file: string, raw: unknown, position: { line: number; column: number } | undefined): CourseIssue {
  return { file, ...position, where: describePath(issue.path, raw) || undefined, ...pick(issue) };
}

function pick(issue: PathIssue): Pick<CourseIssue, 'phraseId' | 'problem' | 'hint'> {
  return { problem: issue.problem, ...(issue.phraseId ? { phraseId: issue.phraseId } : {}), ...(issue.hint ? { hint: issue.hint } : {}) };
}

/** What the course's output settings will not give as written. */
function outputWarnings(course: Course): Array<{ path: Array<string | number>; message: string }> {
  const bitrate = cappedBitrate(course);
  const loudness = tightLoudness(course);
  return [...(bitrate ? [{ path: ['output', 'bitrate'], message: bitrate }] : []), ...(loudness ? [{ path: ['output', 'loudness', 'integrated'], message: loudness }] : [])];
}

/**
 * A bitrate over what the files' rate can carry when no rate is chosen: they keep the engine's (eSpeak
 * 22.05 kHz, Azure 24 kHz), where an MP3 carries at most 160 kbps, and LAME would lower it without a
 * word. (With both written the course is refused: CourseOutputSchema.)
 */
function cappedBitrate(course: Course): string | undefined {
  const bitrate = course.output?.bitrate;
  if (bitrate === undefined || bitrate <= MPEG2_MAX_BITRATE || course.output?.sampleRate !== undefined) return undefined;
  return (
    `${bitrate} kbps: without "sampleRate" the files keep the engine's rate (eSpeak 22.05 kHz, Azure 24 kHz), where an MP3 ` +
    `carries at most ${MPEG2_MAX_BITRATE} kbps, so they will be ${MPEG2_MAX_BITRATE} kbps. Add "sampleRate": 44100 (or 48000) for ${bitrate} kbps.`
  );
}

/** A loud target speech reaches only by hard limiting (the load refuses one under MIN_PEAK_TO_LOUDNESS_DB). */
function tightLoudness(course: Course): string | undefined {
  const loudness = course.output?.loudness;
  if (!loudness || peakRoomDb(loudness) >= PEAK_TO_LOUDNESS_WARN_DB) return undefined;
  return (
    `${loudness.integrated} LUFS under a ${loudness.truePeak} dBTP ceiling leaves ${tenthDb(peakRoomDb(loudness))} dB for the peaks: ` +
    `speech reaches it only by hard limiting, and files may land up to 1-2 LU under it (each file's loudness is in the manifest). ` +
    `${loudness.truePeak - PEAK_TO_LOUDNESS_WARN_DB} LUFS or less keeps ${PEAK_TO_LOUDNESS_WARN_DB} dB.`
  );
}
