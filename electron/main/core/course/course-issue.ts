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
  /** The source line and a caret under the place (two lines), for syntax errors. */
  readonly excerpt?: string;
}

/** A file with a mistake on every phrase must not print 100,000 lines: the rest are counted. */
export const MAX_LISTED_ISSUES = 20;

export function formatCourseIssue(issue: CourseIssue): string {
  const place = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  const where = issue.where ? ` ${issue.where}:` : '';
  const hint = issue.hint ? ` ${issue.hint}` : '';
  const excerpt = issue.excerpt ? `\n${issue.excerpt.replace(/^/gm, '    ')}` : '';
  return `${place}:${where} ${issue.problem}.${hint}${excerpt}`;
}

/** Thrown when a course cannot be used; carries every issue found, not just the first. */
export class CourseLoadError extends Error {
  override readonly name = 'CourseLoadError';
  constructor(readonly issues: readonly CourseIssue[]) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map(formatCourseIssue);
    if (issues.length > MAX_LISTED_ISSUES) listed.push(`... and ${issues.length - MAX_LISTED_ISSUES} more issues of the same kinds; fix these first.`);
    super(listed.join('\n'));
  }
}
