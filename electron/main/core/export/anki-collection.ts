import type SqlJs from 'sql.js';
import { lazyCommonJs } from '../commonjs-import';
import { ANKI_FIELDS, type AnkiNote } from './anki-notes';
import { fieldChecksum, stableId } from './anki-ids';

/** SQLite, loaded for the first export: a run that exports nothing never needs it. */
const loadSqlJs = lazyCommonJs(
  () => import('sql.js'),
  (value): value is typeof SqlJs => typeof value === 'function',
  'sql.js',
);

/**
 * An Anki collection (`collection.anki2`, schema 11, the format every Anki version imports) built in
 * memory with sql.js (SQLite compiled to WebAssembly: no native build). One note type "Course Audio
 * Studio" with the course's fields, one card per note ("Listen": Known on the front, Target and its
 * audio on the back), one deck named after the course.
 */
const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

const CSS = '.card { font-family: arial; font-size: 22px; text-align: center; color: black; background-color: white; }';

export interface CollectionInput {
  readonly courseId: string;
  readonly deckName: string;
  readonly notes: readonly AnkiNote[];
  /** Seconds since the epoch, for the mod columns (fixed in tests for byte-stable output). */
  readonly now?: number;
}

export async function buildCollection(input: CollectionInput): Promise<Uint8Array> {
  const initSqlJs = await loadSqlJs();
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    const now = input.now ?? Math.floor(Date.now() / 1000);
    const modelId = stableId('model', input.courseId);
    const deckId = stableId('deck', input.courseId);
    const model = {
      id: modelId,
      name: 'Course Audio Studio',
      type: 0,
      mod: now,
      usn: -1,
      sortf: 0,
      did: deckId,
      tags: [],
      vers: [],
      css: CSS,
      latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\begin{document}\n',
      latexPost: '\\end{document}',
      flds: ANKI_FIELDS.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
      tmpls: [{ name: 'Listen', ord: 0, qfmt: '{{Known}}', afmt: '{{FrontSide}}<hr id=answer>{{Target}}<br>{{Audio}}', did: null, bqfmt: '', bafmt: '' }],
      req: [[0, 'any', [0]]],
    };
    const deck = (id: number, name: string) => ({
      id,
      name,
      desc: '',
      dyn: 0,
      conf: 1,
      collapsed: false,
      extendNew: 10,
      extendRev: 50,
      usn: -1,
      mod: now,
      newToday: [0, 0],
      revToday: [0, 0],
      lrnToday: [0, 0],
      timeToday: [0, 0],
    });
    const dconf = {
      1: {
        id: 1,
        name: 'Default',
        mod: 0,
        usn: 0,
        maxTaken: 60,
        autoplay: true,
        timer: 0,
        replayq: true,
        dyn: false,
        new: { bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true },
        lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
        rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 100 },
      },
    };
    const conf = {
      activeDecks: [1],
      curDeck: deckId,
      curModel: String(modelId),
      nextPos: input.notes.length + 1,
      sortType: 'noteFld',
      sortBackwards: false,
      addToCur: true,
      newSpread: 0,
      dueCounts: true,
      collapseTime: 1200,
      estTimes: true,
      timeLim: 0,
    };
    db.run(SCHEMA);
    db.run('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      now,
      now * 1000,
      now * 1000,
      JSON.stringify(conf),
      JSON.stringify({ [modelId]: model }),
      JSON.stringify({ 1: deck(1, 'Default'), [deckId]: deck(deckId, input.deckName) }),
      JSON.stringify(dconf),
      '{}',
    ]);
    const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')");
    input.notes.forEach((note, index) => {
      const noteId = stableId('note', input.courseId, note.phrase);
      const sortField = note.fields[0] ?? '';
      insertNote.run([
        noteId,
        note.guid,
        modelId,
        now,
        note.tags.length ? ` ${note.tags.join(' ')} ` : '',
        note.fields.join('\x1f'),
        sortField,
        fieldChecksum(sortField.replace(/<[^>]*>/g, '')),
      ]);
      insertCard.run([stableId('card', input.courseId, note.phrase), noteId, deckId, now, index + 1]);
    });
    insertNote.free();
    insertCard.free();
    return db.export();
  } finally {
    db.close();
  }
}
