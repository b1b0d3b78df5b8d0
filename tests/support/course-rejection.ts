import { CourseLoadError } from '../../electron/main/core/course/course-issue';
import { parseCourseText } from '../../electron/main/core/course/load-course';

/** The CourseLoadError a course text is rejected with (fails the test when the text loads). */
export function rejectionOf(text: string, file = 'course.json'): CourseLoadError {
  try {
    parseCourseText(text, file);
  } catch (error) {
    if (error instanceof CourseLoadError) return error;
    throw error;
  }
  throw new Error('expected the course to be rejected');
}
