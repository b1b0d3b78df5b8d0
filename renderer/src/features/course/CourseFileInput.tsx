import { useCallback } from 'react';
import { importCourseFile, registerCourseFileInput } from './openCourse';

/** The page's own file picker, used where there is no native dialog (the browser bridge). */
export function CourseFileInput(): React.JSX.Element {
  const ref = useCallback((input: HTMLInputElement | null) => registerCourseFileInput(input), []);
  return (
    <input
      ref={ref}
      type="file"
      accept=".json,.jsonc,.csv,.tsv,.txt,application/json,text/csv"
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid="course-file-input"
      onChange={(event) => {
        const file = event.currentTarget.files?.[0];
        if (file) void importCourseFile(file);
      }}
    />
  );
}
