import { z } from 'zod';

/**
 * The phrase editor's part of the IPC contract (the channels are listed in contract.ts): what the
 * page may change in the open course, and the editor's state it shows (unsaved edits, undo/redo,
 * a conflict with an outside change, what the edits made stale and what re-rendering it costs).
 */

const phraseId = z.string().min(1).max(200);
/** As long as a course text may be (text-rules.ts allows 5,000 characters to speak, markup aside). */
const text = z.string().max(20_000);

/** One phrase edit; phrases are addressed by id, never by row index (the page may be filtered). */
export const PhraseEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setText'), phraseId, field: z.enum(['known', 'target', 'lesson', 'notes']), value: text }).strict(),
  z.object({ kind: z.literal('setTags'), phraseId, tags: z.array(z.string().min(1).max(100)).max(100) }).strict(),
  /** A new phrase below `afterPhraseId` (null: at the top), with a fresh id. */
  z.object({ kind: z.literal('add'), afterPhraseId: phraseId.nullable() }).strict(),
  z.object({ kind: z.literal('duplicate'), phraseId }).strict(),
  z.object({ kind: z.literal('delete'), phraseId }).strict(),
  z.object({ kind: z.literal('move'), phraseId, by: z.union([z.literal(-1), z.literal(1)]) }).strict(),
]);
export type PhraseEdit = z.infer<typeof PhraseEditSchema>;

export const EditStateSchema = z.object({
  /** Edits can be saved to the course's file (false for samples and dropped files: `readOnly` says why). */
  saveable: z.boolean(),
  readOnly: z.string().nullable(),
  /** Edits not yet saved to the file. */
  dirty: z.boolean(),
  /** What Ctrl+Z / Ctrl+Shift+Z would undo / redo ("edit the target of p003"), null when nothing. */
  undo: z.string().nullable(),
  redo: z.string().nullable(),
  /**
   * The file changed on disk while there are unsaved edits (or a save found it changed): nothing was
   * written over it. The producer chooses: keep mine (write the edits over it) or take theirs (reload).
   */
  conflict: z.object({ message: z.string() }).nullable(),
  /** Renders whose audio no longer matches the course (edited since they were made), and what re-rendering them costs. */
  stale: z.object({ renders: z.number().int(), billableChars: z.number().int(), costUsd: z.number().nullable() }),
  /** When the file was last saved by the studio (epoch ms), null if not in this session. */
  savedAtMs: z.number().nullable(),
});
export type EditState = z.infer<typeof EditStateSchema>;

/** An edit's answer: the editor's state, and the phrase it concerns (the new one for add/duplicate). */
export const EditResultSchema = z.object({ state: EditStateSchema, phraseId: z.string().nullable() });
export type EditResult = z.infer<typeof EditResultSchema>;

export const ConflictChoiceSchema = z.object({ keep: z.enum(['mine', 'theirs']) }).strict();
