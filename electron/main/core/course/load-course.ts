import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Course } from '../../../../shared/model/course';
import { CourseLoadError, type CourseIssue } from './course-issue';
import { importCsv } from './csv-import';
import { JsonLocator, syntaxErrorOffset } from './json-locator';
import { describePath, validateCourse, type PathIssue } from './validate-course';

export interface LoadedCourse {
  readonly course: Course;
  readonly file: string;
  /** Non-fatal remarks (assumed defaults, ignored columns) worth showing the producer. */
  readonly warnings: string[];
}

/** Reads a course (.json or .csv), validates it fully and throws a CourseLoadError listing every issue. */
export async function loadCourseFile(file: string): Promise<LoadedCourse> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a course file' : `cannot be read (${code ?? String(error)})`;
    throw new CourseLoadError([{ file, problem, hint: 'Pass the path of a course .json or .csv file.' }]);
  }
  return parseCourseText(text, file);
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
  } catch (error) {
    const message = (error as Error).message;
    const offset = syntaxErrorOffset(message, source);
    const position = offset === undefined ? {} : locator.positionOf(offset);
    throw new CourseLoadError([{ file, ...position, problem: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, hint: 'Fix the syntax there (a missing comma, quote or bracket is the usual cause).' }]);
  }
  const { course, issues } = validateCourse(raw);
  if (!course) {
    throw new CourseLoadError(issues.map((issue) => toCourseIssue(issue, file, raw, locator.positionOfPath(issue.path))));
  }
  return { course, file, warnings: [] };
}

function parseCsvCourse(text: string, file: string): LoadedCourse {
  const fallbackId = basename(file, extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'course';
  const imported = importCsv(text, file, fallbackId);
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
  return { course, file, warnings: imported.warnings };
}

function toCourseIssue(issue: PathIssue, file: string, raw: unknown, position: { line: number; column: number } | undefined): CourseIssue {
  return { file, ...position, where: describePath(issue.path, raw) || undefined, ...pick(issue) };
}

function pick(issue: PathIssue): Pick<CourseIssue, 'phraseId' | 'problem' | 'hint'> {
  return { problem: issue.problem, ...(issue.phraseId ? { phraseId: issue.phraseId } : {}), ...(issue.hint ? { hint: issue.hint } : {}) };
}
