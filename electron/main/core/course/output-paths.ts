import type { Course } from '../../../../shared/model/course';
import { DEFAULT_NAMING } from '../../../../shared/model/course';
import { NO_LESSON } from '../../../../shared/model/track-files';
import { fileNameFor, foldedName, NAMING_FIELD, NAMING_FIELDS_HELP, trackFilePath, trackGroupOf } from './naming';
import type { PathIssue } from './validate-course';

/**
 * Checks, when the course loads and before anything is synthesized (and billed), that the naming
 * template is well formed and gives every render a distinct file name every common file system
 * accepts: ext4, APFS (case-insensitive, 255 bytes a name), NTFS/exFAT (reserved names, no
 * trailing dots or spaces). A name that only fails after synthesis would be billed on every rerun.
 */

/** Most file systems' limit for one name, in bytes of UTF-8. */
export const MAX_NAME_BYTES = 255;
/** A path inside the output folder longer than this is a template gone wrong; the folder adds more. */
export const MAX_RELATIVE_PATH_BYTES = 1024;
/** Reported per course at most, so one bad template does not print a line per phrase. */
const MAX_PATH_ISSUES = 10;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const FORBIDDEN_IN_TEMPLATE = /[\\:*?"<>|\u0000-\u001f\u007f]/;

/** Unknown fields, stray braces and characters no file name may hold, in the template itself. */
export function namingTemplateFault(template: string): { problem: string; hint: string } | undefined {
  const withoutFields = template.replace(NAMING_FIELD, (match) => '\u0001'.repeat(match.length));
  const brace = /[{}]/.exec(withoutFields);
  if (brace) {
    const token = /^\{[^{}]*\}/.exec(template.slice(brace.index))?.[0];
    if (token) {
      const indexPad = /^\{index:(\d+)\}$/.exec(token);
      const hint = indexPad ? `Write {index:0${indexPad[1]!.replace(/^0+/, '') || '1'}} to pad the index with zeros (1-9 digits).` : `Known fields: ${NAMING_FIELDS_HELP}.`;
      return { problem: `unknown field "${token}" in the naming template "${template}" (character ${brace.index + 1})`, hint };
    }
    return { problem: `a stray "${brace[0]}" in the naming template "${template}" (character ${brace.index + 1})`, hint: `Fields are written in braces: ${NAMING_FIELDS_HELP}.` };
  }
  const forbidden = FORBIDDEN_IN_TEMPLATE.exec(withoutFields.replace(/\u0001/g, 'x'));
  if (forbidden) {
    const shown = forbidden[0] < ' ' || forbidden[0] === '\u007f' ? `U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `"${forbidden[0]}"`;
    return {
      problem: `the naming template "${template}" contains ${shown}, which file names cannot hold on Windows or macOS (character ${forbidden.index + 1})`,
      hint: 'Use "-" or "_" instead; "/" makes folders.',
    };
  }
  return undefined;
}

/** Why one folder or file name of an output path would fail on some file system, or undefined. */
export function pathSegmentFault(segment: string): string | undefined {
  const bytes = Buffer.byteLength(segment, 'utf8');
  if (bytes > MAX_NAME_BYTES) return `the name "${shorten(segment)}" is ${bytes} bytes long (file systems allow ${MAX_NAME_BYTES})`;
  const stem = segment.split('.')[0]!.trim();
  if (WINDOWS_RESERVED.test(stem)) return `the name "${segment}" is reserved on Windows (${stem.toUpperCase()})`;
  if (/[. ]$/.test(segment)) return `the name "${segment}" ends with a dot or a space, which Windows drops`;
  return undefined;
}

/** Every issue of the course's output paths (clips, then lesson tracks), pinned to where it is caused. */
export function outputPathIssues(course: Course): PathIssue[] {
  const clipIssues = clipPathIssues(course);
  return clipIssues.length ? clipIssues : trackPathIssues(course);
}

/** The clips' paths, pinned to the template or to the phrase that causes an issue. */
function clipPathIssues(course: Course): PathIssue[] {
  const template = course.output?.naming;
  const templatePath = ['output', 'naming'];
  if (template !== undefined) {
    const fault = namingTemplateFault(template);
    if (fault) return [{ path: templatePath, ...fault }];
  }
  const extension = course.output?.format ?? 'wav';
  const issues: PathIssue[] = [];
  // Keyed by the name as case-insensitive, normalizing file systems (APFS, NTFS) see it.
  // Values are render numbers (phrase * variants + variant): 300,000 entries stay small.
  const owners = new Map<string, number>();
  const variantCount = course.variants.length;
  const nameOf = (render: number): { file: string; owner: string } => {
    const phrase = course.phrases[Math.floor(render / variantCount)]!;
    const variant = course.variants[render % variantCount]!;
    const file = fileNameFor(template, { phrase: phrase.id, variant: variant.id, lesson: phrase.lesson, index: Math.floor(render / variantCount) + 1 }, extension);
    return { file, owner: `phrase "${phrase.id}" / variant "${variant.id}"` };
  };
  course.phrases.forEach((phrase, phraseIndex) => {
    if (issues.length >= MAX_PATH_ISSUES) return;
    for (let variantIndex = 0; variantIndex < variantCount; variantIndex++) {
      const { file, owner } = nameOf(phraseIndex * variantCount + variantIndex);
      const place = template !== undefined ? templatePath : ['phrases', phraseIndex, 'id'];
      const segmentFault = file.split('/').map(pathSegmentFault).find(Boolean);
      const bytes = Buffer.byteLength(file, 'utf8');
      const fault = segmentFault ?? (bytes > MAX_RELATIVE_PATH_BYTES ? `the path "${shorten(file)}" is ${bytes} bytes long (at most ${MAX_RELATIVE_PATH_BYTES})` : undefined);
      if (fault) {
        issues.push({
          path: ['phrases', phraseIndex],
          phraseId: phrase.id,
          problem: `${owner} would be written as "${shorten(file)}": ${fault}`,
          hint: `Change the phrase's id or lesson, or the naming template "${template ?? DEFAULT_NAMING}".`,
        });
        return;
      }
      const key = foldedName(file);
      const firstRender = owners.get(key);
      if (firstRender !== undefined) {
        const first = nameOf(firstRender);
        const names = first.file === file ? `"${file}"` : `"${first.file}" and "${file}", the same file where case is ignored (Windows, macOS)`;
        issues.push({
          path: place,
          phraseId: phrase.id,
          problem: `${first.owner} and ${owner} would both be written as ${names}`,
          hint: template !== undefined ? 'Include {phrase} and {variant} in "output.naming".' : 'Give the phrases ids that differ by more than upper/lower case.',
        });
        return;
      }
      owners.set(key, phraseIndex * variantCount + variantIndex);
    }
  });
  return issues;
}

/**
 * The lesson tracks' paths (tracks/{track}/{lesson}.{ext} and the .vtt beside it): a lesson name is
 * free text, so it may be too long, reserved or end with a dot, and two lessons may map to one file
 * (`a/b` and `a:b` both become `a-b`; `L1` and `l1` are one file on Windows and macOS), where the
 * second track would overwrite the first. Found here, before anything is synthesized, not when the
 * tracks are built at the end of a run.
 */
function trackPathIssues(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const extension = course.output?.format ?? 'wav';
  const folders = new Map<string, number>();
  (course.tracks ?? []).forEach((track, trackIndex) => {
    if (issues.length >= MAX_PATH_ISSUES) return;
    const idFault = pathSegmentFault(track.id);
    const folderKey = foldedName(track.id);
    const otherTrack = folders.get(folderKey);
    if (idFault || otherTrack !== undefined) {
      issues.push({
        path: ['tracks', trackIndex, 'id'],
        problem: idFault
          ? `track "${track.id}" would be written under tracks/${track.id}/: ${idFault}`
          : `tracks "${course.tracks![otherTrack!]!.id}" and "${track.id}" would share one folder where case is ignored (Windows, macOS)`,
        hint: 'Give the track another id.',
      });
      return;
    }
    folders.set(folderKey, trackIndex);
    // Each group's file, keyed as case-insensitive, normalizing file systems see it, with the first phrase of the group.
    const files = new Map<string, { group: string; phraseIndex: number }>();
    course.phrases.forEach((phrase, phraseIndex) => {
      if (issues.length >= MAX_PATH_ISSUES) return;
      const group = trackGroupOf(track.per, course.id, phrase.lesson);
      const file = trackFilePath(track.id, group, extension);
      const key = foldedName(file);
      const first = files.get(key);
      if (first?.group === group) return;
      const where =
        track.per === 'course' ? { path: ['id'] } : { path: phrase.lesson === undefined ? ['phrases', phraseIndex] : ['phrases', phraseIndex, 'lesson'], phraseId: phrase.id };
      const subject = track.per === 'course' ? `the course id "${course.id}"` : `lesson "${shorten(phrase.lesson ?? NO_LESSON)}"`;
      const fault = file.split('/').map(pathSegmentFault).find(Boolean);
      if (fault) {
        issues.push({
          ...where,
          problem: `track "${track.id}" of ${subject} would be written as "${shorten(file)}": ${fault}`,
          hint: `Rename the ${track.per === 'course' ? 'course id' : 'lesson'}.`,
        });
      } else if (first) {
        issues.push({
          ...where,
          problem: `track "${track.id}": lessons "${shorten(first.group)}" and "${shorten(group)}" would both be written as "${shorten(file)}"${file === trackFilePath(track.id, first.group, extension) ? '' : ' (the same file where case is ignored: Windows, macOS)'}; the second would overwrite the first`,
          hint: 'Give the lessons names that differ by more than punctuation or upper/lower case.',
        });
      } else files.set(key, { group, phraseIndex });
    });
  });
  return issues;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}...${text.slice(-15)}` : text;
}
