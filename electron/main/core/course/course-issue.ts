/**
 * A problem found in a course file, pinned to where the producer can fix it. Messages follow one
 * shape everywhere (CLI, studio, tests): `file:line:col: where: what. what to do`.
 */
export interface CourseIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Human path into the document, e.g. `phrases[3] (id "p004").target`. */
  readonly where?: string;
  readonly phraseId?: string;
  readonly problem: string;
  readonly hint?: string;
}

export function formatCourseIssue(issue: CourseIssue): string {
  const place = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  const where = issue.where ? ` ${issue.where}:` : '';
  const hint = issue.hint ? ` ${issue.hint}` : '';
  return `${place}:${where} ${issue.problem}.${hint}`;
}

/** Thrown when a course cannot be used; carries every issue found, not just the first. */
export class CourseLoadError extends Error {
  override readonly name = 'CourseLoadError';
  constructor(readonly issues: readonly CourseIssue[]) {
    super(issues.map(formatCourseIssue).join('\n'));
  }
}
