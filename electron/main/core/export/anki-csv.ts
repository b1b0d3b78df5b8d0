import type { AnkiNote } from './anki-notes';

/**
 * Anki's text import with file headers (Anki 2.1.55+): tab-separated, HTML fields, a guid column so a
 * re-import updates the notes, a tags column, the deck named after the course. The `[sound:]` files
 * are in exports/{course}.media/ under those names (anki-media-folder.ts); copy them into Anki's
 * collection.media (the .apkg carries its own).
 */
export function ankiCsv(deckName: string, notes: readonly AnkiNote[]): string {
  const cell = (text: string): string => text.replace(/[\t\r\n]+/g, ' ');
  const header = ['#separator:tab', '#html:true', `#deck:${cell(deckName)}`, '#guid column:1', '#tags column:7', '#columns:GUID\tKnown\tTarget\tAudio\tLesson\tNotes\tTags'];
  const rows = notes.map((note) => [note.guid, ...note.fields, note.tags.join(' ')].map(cell).join('\t'));
  return `${[...header, ...rows].join('\n')}\n`;
}
