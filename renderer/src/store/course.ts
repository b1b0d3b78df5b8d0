import { create } from 'zustand';
import type { AppInfo, CourseView } from '../../../shared/ipc/contract';

type Phrase = CourseView['phrases'][number];

interface CourseState {
  course: CourseView | null;
  appInfo: AppInfo | null;
  /** Lessons in course order, for the lesson filter. */
  lessons: string[];
  /** Phrase id -> phrase, for lookups from a selected cell. */
  phraseById: Map<string, Phrase>;
  /** Set while a course is being opened (dialog, sample, drop), so the UI shows a spinner. */
  opening: string | null;
  setCourse(course: CourseView | null): void;
  setAppInfo(info: AppInfo): void;
  setOpening(what: string | null): void;
}

export const useCourse = create<CourseState>()((set) => ({
  course: null,
  appInfo: null,
  lessons: [],
  phraseById: new Map(),
  opening: null,
  setCourse(course) {
    // Derived indexes are built once per course, not per render of the table.
    const lessons: string[] = [];
    const seen = new Set<string>();
    const phraseById = new Map<string, Phrase>();
    for (const phrase of course?.phrases ?? []) {
      phraseById.set(phrase.id, phrase);
      if (phrase.lesson && !seen.has(phrase.lesson)) {
        seen.add(phrase.lesson);
        lessons.push(phrase.lesson);
      }
    }
    set({ course, lessons, phraseById });
  },
  setAppInfo(appInfo) {
    set({ appInfo });
  },
  setOpening(opening) {
    set({ opening });
  },
}));
