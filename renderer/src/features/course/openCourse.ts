import { errorCode, invoke } from '../../lib/api';
import { adoptCourse } from '../../store/connect';
import { useCourse } from '../../store/course';
import { toastError, toastInfo } from '../../store/toasts';

// Three ways in: the native dialog (Electron), a file picked or dropped in the page (its text is
// sent to main, since the sandboxed page has no paths), and the bundled sample courses.

const MAX_COURSE_BYTES = 20_000_000;
let fileInput: HTMLInputElement | null = null;
/** Set once main says it has no native dialog (the browser bridge), so later clicks go straight to the picker. */
let dialogUnsupported = false;

export function registerCourseFileInput(input: HTMLInputElement | null): void {
  fileInput = input;
}

export async function openCourse(): Promise<void> {
  const transport = useCourse.getState().appInfo?.transport;
  // Open the page's own picker synchronously, while the click still counts as a user gesture.
  if (dialogUnsupported || transport === 'bridge') {
    pickFile();
    return;
  }
  const { setOpening } = useCourse.getState();
  setOpening('dialog');
  try {
    const course = await invoke('course:openDialog');
    if (course) await adoptCourse(course);
  } catch (error) {
    if (errorCode(error) === 'unsupported') {
      dialogUnsupported = true;
      pickFile();
    } else toastError('open the course', error);
  } finally {
    setOpening(null);
  }
}

function pickFile(): void {
  if (!fileInput) return;
  fileInput.value = '';
  fileInput.click();
}

export async function openSample(name: string): Promise<void> {
  const { setOpening } = useCourse.getState();
  setOpening(`sample:${name}`);
  try {
    await adoptCourse(await invoke('course:openSample', { name }));
  } catch (error) {
    toastError('open the sample course', error);
  } finally {
    setOpening(null);
  }
}

export async function importCourseFile(file: File): Promise<void> {
  if (file.size > MAX_COURSE_BYTES) {
    toastInfo(`${file.name} is too large to be a course.`, 'Course files are JSON or CSV text under 20 MB.', 'error');
    return;
  }
  const { setOpening } = useCourse.getState();
  setOpening(`file:${file.name}`);
  try {
    const text = await file.text();
    const course = await invoke('course:import', { name: file.name, text });
    await adoptCourse(course);
    if (course.warnings.length > 0) toastInfo(`Opened ${course.title} with ${course.warnings.length} warning(s).`, course.warnings.join('\n'));
  } catch (error) {
    toastError(`open ${file.name}`, error);
  } finally {
    setOpening(null);
  }
}
