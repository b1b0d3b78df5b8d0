import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { findJsonSyntaxProblem, MAX_JSON_DEPTH } from '../../../electron/main/core/course/json-syntax';

function rejection(text: string, file = 'c.json'): CourseLoadError {
  try {
    parseCourseText(text, file);
  } catch (error) {
    if (error instanceof CourseLoadError) return error;
    throw error;
  }
  throw new Error('expected the course to be rejected');
}

describe('JSON syntax errors: our own words and place, on every Node', () => {
  it('a trailing comma: file:line:column of the comma, a one-line excerpt and a caret under it', () => {
    const error = rejection('{\n  "schema": "course/1",\n  "id": "x",\n}\n');
    const [first, excerpt, caret] = error.message.split('\n');
    expect(first).toBe('c.json:3:12: invalid JSON: a trailing comma before "}". JSON allows no comma after the last item: remove it.');
    expect(excerpt).toBe('      "id": "x",');
    expect(caret).toBe(`${' '.repeat(4 + 11)}^`);
  });

  it('an unquoted word is named, at its first character', () => {
    const error = rejection('{"schema": "course/1",\n "title": Hello}');
    expect(error.issues[0]).toMatchObject({ line: 2, column: 11, problem: 'invalid JSON: unexpected "Hello"' });
  });

  it('does not depend on V8 messages: the problem text never carries "position" or V8 wording', () => {
    for (const text of ['{"a":1,}', '[1,]', '{"a": hello}', '{"a":1 "b":2}', '{"a":1} x', "{'a':1}", '{"a":NaN}', '', '{"a":"x']) {
      const problem = findJsonSyntaxProblem(text);
      expect(problem, text).toBeDefined();
      expect(problem!.problem).not.toMatch(/position|Unexpected token|is not valid JSON/);
    }
  });

  it('cuts the excerpt of a minified one-line file around the place', () => {
    const long = `{"schema":"course/1","title":"${'x'.repeat(500)}","id":"y",}`;
    const error = rejection(long);
    const [, excerpt, caret] = error.message.split('\n');
    expect(excerpt!.length).toBeLessThan(90);
    expect(excerpt).toContain('"id":"y",}');
    expect(excerpt![caret!.length - 1]).toBe(',');
  });

  it('100,000 nested arrays, invalid or valid JSON, are refused at the depth limit without a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(rejection(deep).issues[0]).toMatchObject({ line: 1, column: MAX_JSON_DEPTH + 1, problem: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels` });
    expect(rejection(deep.slice(0, -1)).issues[0]).toMatchObject({ column: MAX_JSON_DEPTH + 1 });
    expect(rejection(`{"notes": "[[[[", "x": ${deep}}`).issues[0]).toMatchObject({ column: 23 + MAX_JSON_DEPTH }); // the object is level 1; "[[[[" in a string is not nesting;
  });
});
