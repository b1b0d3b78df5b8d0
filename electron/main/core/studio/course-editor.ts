import type { CourseView } from '../../../../shared/ipc/contract';
import type { EditResult, EditState, PhraseEdit } from '../../../../shared/ipc/edit-contract';
import { CourseLoadError } from '../course/course-issue';
import { parseCourseText, type LoadedCourse } from '../course/load-course';
import { hashOnDisk, MISSING_FILE_HASH } from '../course/edit/content-hash';
import { CourseEditError, type CourseEdit } from '../course/edit/course-edit';
import { applyCourseEdits, CourseChangedOnDiskError, readCourseDocument, saveCourseDocument, type CourseDocument } from '../course/edit/course-document';
import type { SettingsStore } from '../settings/settings-store';
import type { CourseSession } from './course-session';
import { CourseFileWatcher } from './course-file-watcher';
import { voiceRolesOf } from './course-view';
import { EditHistory } from './edit-history';
import type { Logger } from './logger';
import { planPhraseEdit } from './phrase-edits';
import { staleCost } from './stale-cost';
import { StudioError } from './studio-error';

/** The open course's text as the editor holds it: where it came from, and whether it can be saved there. */
export interface EditableCourse {
  readonly document: CourseDocument;
  /** Null when edits can be saved to `document.file`; else why not (a sample, a dropped file). */
  readonly readOnly: string | null;
}

export interface CourseEditorOptions {
  readonly session: CourseSession;
  readonly settings: SettingsStore;
  readonly log: Logger;
  /** Publishes the editor's state (the edit:changed event). */
  readonly publish: (state: EditState) => void;
  /** Throws when the course may not change now (a run is on); waits for single-cell renders to finish. */
  readonly beforeChange: (what: string) => Promise<void>;
  /** Debounce of the file watcher (ms). */
  readonly watchDebounceMs?: number;
}

interface Conflict {
  readonly message: string;
  /** The file's hash when the conflict was seen (MISSING_FILE_HASH: deleted): "keep mine" writes over exactly that version. */
  readonly theirsHash: string;
}

/**
 * The edit room: the open course's text, edited by the page (phrase edits) or by course setup (any
 * CourseEdit), with undo/redo, saving, and a watch on the file. Every edit is re-validated by the
 * loader itself (same messages) and replanned, so exactly the renders whose content changed turn
 * stale. A save never lands over a file changed since it was read (the document's hash guard); an
 * outside change reloads the course when nothing is unsaved, else the producer chooses.
 */
export class CourseEditor {
  private current: EditableCourse | undefined;
  /** The text being edited: `document.text` when nothing is unsaved. */
  private text = '';
  private readonly history = new EditHistory();
  private conflict: Conflict | null = null;
  private savedAtMs: number | null = null;
  private watcher: CourseFileWatcher | undefined;
  /** A save or reload in progress: the watcher waits for it, so the studio's own write is not taken for an outside change. */
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CourseEditorOptions) {}

  /** A course was opened (or closed): edits start from its text. */
  attach(course: EditableCourse | undefined): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.current = course;
    this.text = course?.document.text ?? '';
    this.history.clear();
    this.conflict = null;
    this.savedAtMs = null;
    if (course && !course.readOnly) {
      this.watcher = new CourseFileWatcher(
        course.document.file,
        () => void this.checkDisk(),
        this.options.watchDebounceMs,
        (error) => this.options.log.warn(`cannot watch ${course.document.file} for outside changes: ${error.message}`),
      );
    }
    this.publish();
  }

  state(): EditState {
    const open = this.options.session.current;
    return {
      saveable: !!this.current && !this.current.readOnly,
      readOnly: this.current ? this.current.readOnly : 'Open a course first.',
      dirty: this.dirty,
      undo: this.history.undoLabel,
      redo: this.history.redoLabel,
      conflict: this.conflict ? { message: this.conflict.message } : null,
      stale: open ? staleCost(open, this.options.session, this.options.settings.get()) : { renders: 0, billableChars: 0, costUsd: null },
      savedAtMs: this.savedAtMs,
    };
  }

  /** Sends the state to the page (after anything that changes it, cell renders included). */
  publish(): void {
    this.options.publish(this.state());
  }

  async applyPhraseEdit(edit: PhraseEdit): Promise<EditResult> {
    const planned = planPhraseEdit(this.options.session.require().course, edit);
    await this.change(planned.label, planned.edits);
    return { state: this.state(), phraseId: planned.phraseId };
  }

  /** Any edit of the course file (course setup uses this), undoable as one step called `label`. */
  async applyEdits(label: string, edits: readonly CourseEdit[]): Promise<EditState> {
    await this.change(label, edits);
    return this.state();
  }

  /** The open course's file as the editor holds it (its format, and the text with unsaved edits). */
  draftText(): { file: string; format: 'json' | 'csv'; text: string; saveable: boolean } {
    const course = this.requireCourse();
    return { file: course.document.file, format: course.document.format, text: this.text, saveable: !course.readOnly };
  }

  /** What `edits` would make of the course (read by the loader, same messages); nothing changes. */
  preview(edits: readonly CourseEdit[]): LoadedCourse {
    const course = this.requireCourse();
    try {
      return this.parse(applyCourseEdits(course.document, this.text, edits));
    } catch (error) {
      if (error instanceof CourseEditError) throw new StudioError('unsupported', `${course.document.file}: ${error.message}.`);
      throw error;
    }
  }

  async undo(): Promise<EditState> {
    const entry = this.history.undo();
    if (entry) await this.restore(entry.before).catch((error: unknown) => this.failed(error, () => this.history.revert(true)));
    return this.state();
  }

  async redo(): Promise<EditState> {
    const entry = this.history.redo();
    if (entry) await this.restore(entry.after).catch((error: unknown) => this.failed(error, () => this.history.revert(false)));
    return this.state();
  }

  /** Writes the edits to the file (atomically, guarded); a changed file becomes a conflict, not an overwrite. */
  async save(): Promise<EditState> {
    const course = this.requireCourse();
    if (course.readOnly) throw new StudioError('unsupported', course.readOnly);
    if (this.conflict) throw new StudioError('busy', `${this.conflict.message} Choose first: keep yours or take theirs.`);
    if (this.dirty) await this.write(course.document);
    return this.state();
  }

  /** The producer's answer to a conflict: write the edits over the outside change, or reload it and drop them. */
  async resolveConflict(keep: 'mine' | 'theirs'): Promise<EditState> {
    const course = this.requireCourse();
    const conflict = this.conflict;
    if (!conflict) return this.state();
    if (keep === 'mine') {
      // Over exactly the version the producer was shown; a third change meanwhile is a new conflict.
      this.conflict = null;
      await this.write({ ...course.document, diskHash: conflict.theirsHash });
    } else await this.reload();
    return this.state();
  }

  /**
   * 'Use for target': the voice goes into the course like any edit. With nothing else unsaved it is
   * saved at once (as before); otherwise it joins the unsaved edits. A file that cannot take it keeps
   * the voice as an unsaved edit; a file changed on disk meanwhile raises the conflict.
   */
  async assignVoice(role: string, voice: string): Promise<CourseView> {
    const course = this.requireCourse();
    const roles = voiceRolesOf(this.options.session.require().course);
    if (!roles.has(role)) throw new StudioError('not-found', `The course has no voice role "${role}". Its roles are: ${[...roles].join(', ')}.`);
    const wasClean = !this.dirty && !this.conflict;
    await this.change(`use ${voice} for ${role}`, [{ op: 'set', path: ['voices', role], value: voice }]);
    if (wasClean && !course.readOnly) {
      // A file that cannot be written (read-only, a full disk) must not undo the producer's choice: it
      // stays as an unsaved edit ("Unsaved changes"), and Save says why when tried.
      await this.write(course.document).catch((error: unknown) => this.options.log.warn(`the voice for "${role}" is used but not saved yet: ${(error as Error).message}`));
    }
    return this.options.session.require().view;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private get dirty(): boolean {
    return !!this.current && this.text !== this.current.document.text;
  }

  private requireCourse(): EditableCourse {
    if (!this.current) throw new StudioError('not-found', 'Open a course first.');
    return this.current;
  }

  private async change(label: string, edits: readonly CourseEdit[]): Promise<void> {
    const course = this.requireCourse();
    if (this.conflict) throw new StudioError('busy', `${this.conflict.message} Choose first: keep yours or take theirs.`);
    await this.options.beforeChange('edit the course');
    let next: string;
    try {
      next = applyCourseEdits(course.document, this.text, edits);
    } catch (error) {
      if (error instanceof CourseEditError) throw new StudioError('unsupported', `${course.document.file}: ${error.message}.`);
      throw error;
    }
    if (next === this.text) return;
    await this.adopt(this.parse(next));
    this.history.push({ label, before: this.text, after: next });
    this.text = next;
    this.publish();
  }

  private async restore(text: string): Promise<void> {
    await this.options.beforeChange('edit the course');
    await this.adopt(this.parse(text));
    this.text = text;
    this.publish();
  }

  private failed(error: unknown, undoBookkeeping: () => void): never {
    undoBookkeeping();
    throw error;
  }

  /** The edited text through the loader: refused with exactly the message opening it would give. */
  private parse(text: string): LoadedCourse {
    try {
      return parseCourseText(text, this.requireCourse().document.file);
    } catch (error) {
      if (error instanceof CourseLoadError) throw new StudioError('course-invalid', error.message);
      throw error;
    }
  }

  private adopt(loaded: LoadedCourse): Promise<CourseView> {
    return this.options.session.adoptEdited(loaded);
  }

  private async write(document: CourseDocument): Promise<void> {
    const text = this.text;
    const saving = saveCourseDocument(document, text);
    this.busy = saving.catch(() => undefined);
    try {
      const saved = await saving;
      if (this.current?.document.file === document.file) this.current = { ...this.current, document: saved };
      this.savedAtMs = Date.now();
    } catch (error) {
      if (!(error instanceof CourseChangedOnDiskError)) throw error;
      const theirsHash = (await hashOnDisk(document.file)) ?? MISSING_FILE_HASH;
      const what = theirsHash === MISSING_FILE_HASH ? 'was deleted or moved' : 'changed on disk';
      this.conflict = { message: `${document.file} ${what} since the studio read it; your edits were not written over it.`, theirsHash };
    } finally {
      this.publish();
    }
  }

  /** Takes the file as it is on disk now: replanned like an edit, so what it changed turns stale. */
  private async reload(): Promise<void> {
    const course = this.requireCourse();
    const work = (async () => {
      const document = await readCourseDocument(course.document.file);
      const loaded = this.parse(document.text);
      await this.options.beforeChange('reload the course');
      await this.adopt(loaded);
      this.current = { ...course, document };
      this.text = document.text;
      this.history.clear();
      this.conflict = null;
    })();
    this.busy = work.catch(() => undefined);
    try {
      await work;
    } finally {
      this.publish();
    }
  }

  /** The watcher saw the folder change: reload, or with unsaved edits raise a conflict. Never throws. */
  private async checkDisk(): Promise<void> {
    await this.busy;
    const course = this.current;
    if (!course || course.readOnly) return;
    const hash = await hashOnDisk(course.document.file).catch(() => undefined);
    // Another course opened while the disk was read: this file's news no longer concerns the editor.
    if (this.current !== course) return;
    // Gone (mid-rename, or deleted): nothing to take; the next event looks again.
    if (hash === undefined || hash === course.document.diskHash || hash === this.conflict?.theirsHash) return;
    const file = course.document.file;
    if (this.dirty) {
      this.conflict = { message: `${file} changed on disk, and you have unsaved edits.`, theirsHash: hash };
      this.publish();
      return;
    }
    await this.reload().catch((error: unknown) => {
      // Broken on disk, or a run is on: keep showing what we have, and say why.
      this.conflict = { message: `${file} changed on disk but was not reloaded: ${(error as Error).message.split('\n')[0]}`, theirsHash: hash };
      this.options.log.warn(this.conflict.message);
      this.publish();
    });
  }
}
