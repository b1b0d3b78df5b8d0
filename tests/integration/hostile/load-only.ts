/**
 * Loads a course (read, parse, validate, output paths) without planning or rendering, then prints one
 * JSON line: what a child process with a capped heap reports back to the hostile-corpus test, to show
 * a huge course loads in bounded time and memory.
 */
import { loadCourseFile } from '../../../electron/main/core/course/load-course';

const started = performance.now();
const { course } = await loadCourseFile(process.argv[2]!);
const loadedMs = Math.round(performance.now() - started);
process.stdout.write(`${JSON.stringify({ phrases: course.phrases.length, loadedMs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
