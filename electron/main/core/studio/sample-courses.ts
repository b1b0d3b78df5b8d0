import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { AppInfo } from '../../../../shared/ipc/contract';
import { loadCourseFile } from '../course/load-course';

const SAMPLE_EXTENSIONS = new Set(['.json', '.csv', '.tsv']);

export type SampleCourse = AppInfo['sampleCourses'][number] & { readonly file: string };

/**
 * The bundled sample courses: `name` is the file name without its extension (what the page shows and
 * sends back to course:openSample), `title` the course's own (the JSON's title, the CSV's `# title:`
 * line), read by loading the course as opening it would. A sample that does not load keeps its file
 * name as title and stays listed: opening it shows its located errors.
 */
export async function listSampleCourses(dir: string | undefined): Promise<SampleCourse[]> {
  if (!dir) return [];
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => SAMPLE_EXTENSIONS.has(extname(file).toLowerCase())).sort();
  const samples: SampleCourse[] = [];
  const taken = new Set<string>();
  for (const file of files) {
    const stem = basename(file, extname(file));
    // Two samples with one stem (x.json, x.csv): the second keeps its extension in its name.
    const name = taken.has(stem) ? file : stem;
    taken.add(name);
    const title = await loadCourseFile(join(dir, file)).then(
      (loaded) => loaded.course.title,
      () => stem,
    );
    samples.push({ name, title, file });
  }
  return samples;
}
