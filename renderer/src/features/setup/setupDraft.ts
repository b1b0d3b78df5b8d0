import type { SetupChange, SetupPronunciation, SetupVariant, SetupView } from '../../../../shared/ipc/setup-contract';

/**
 * The Course panel's form, as the producer types it (numbers as text), and the change it asks of the
 * course: only the parts that differ from the setup it was made from. Pure, so it is tested without a
 * page. Values are checked by main (the course loader, with its placed messages); here only what
 * cannot even be sent (a rate that is not a number).
 */

export interface VariantDraft {
  id: string;
  text: 'known' | 'target';
  voice: string;
  rate: string;
  pitch: string;
  style: string;
  styleDegree: string;
  leadingSilenceMs: string;
  trailingSilenceMs: string;
}

export interface EntryDraft {
  text: string;
  /** Say it by sound (phoneme + alphabet) or as other words (alias). */
  kind: 'phoneme' | 'alias';
  /** The phoneme string, or the alias. */
  say: string;
  alphabet: NonNullable<SetupPronunciation['alphabet']>;
  /** '' for every locale. */
  locale: string;
  ignoreCase: boolean;
}

export interface SetupDraft {
  title: string;
  target: string;
  known: string;
  voices: Array<{ role: string; voice: string }>;
  variants: VariantDraft[];
  format: '' | 'wav' | 'mp3';
  naming: string;
  bitrate: string;
  entries: EntryDraft[];
}

const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));

export function toEntryDraft(entry: SetupPronunciation): EntryDraft {
  return {
    text: entry.text,
    kind: entry.alias !== undefined ? 'alias' : 'phoneme',
    say: entry.alias ?? entry.phoneme ?? '',
    alphabet: entry.alphabet ?? 'ipa',
    locale: entry.locale ?? '',
    ignoreCase: entry.ignoreCase ?? false,
  };
}

export function toVariantDraft(variant: SetupVariant): VariantDraft {
  return {
    id: variant.id,
    text: variant.text,
    voice: variant.voice,
    rate: text(variant.rate),
    pitch: variant.pitch ?? '',
    style: variant.style ?? '',
    styleDegree: text(variant.styleDegree),
    leadingSilenceMs: text(variant.leadingSilenceMs),
    trailingSilenceMs: text(variant.trailingSilenceMs),
  };
}

export function toDraft(view: SetupView): SetupDraft {
  return {
    title: view.title,
    target: view.languages.target,
    known: view.languages.known,
    voices: Object.entries(view.voices).map(([role, voice]) => ({ role, voice })),
    variants: view.variants.map(toVariantDraft),
    format: view.output.format ?? '',
    naming: view.output.naming ?? '',
    bitrate: text(view.output.bitrate),
    entries: view.pronunciations.map(toEntryDraft),
  };
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
const optionalNumber = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

export function toVariant(draft: VariantDraft): SetupVariant {
  const variant: SetupVariant = { id: draft.id.trim(), text: draft.text, voice: draft.voice.trim(), rate: Number(draft.rate) };
  const pitch = optional(draft.pitch);
  const style = optional(draft.style);
  const styleDegree = optionalNumber(draft.styleDegree);
  const leadingSilenceMs = optionalNumber(draft.leadingSilenceMs);
  const trailingSilenceMs = optionalNumber(draft.trailingSilenceMs);
  return {
    ...variant,
    ...(pitch !== undefined ? { pitch } : {}),
    ...(style !== undefined ? { style } : {}),
    ...(styleDegree !== undefined ? { styleDegree } : {}),
    ...(leadingSilenceMs !== undefined ? { leadingSilenceMs } : {}),
    ...(trailingSilenceMs !== undefined ? { trailingSilenceMs } : {}),
  };
}

/** An entry as the course file writes it: exactly one of phoneme (with its alphabet) and alias. */
export function toEntry(draft: EntryDraft): SetupPronunciation {
  const locale = optional(draft.locale);
  return {
    ...(locale !== undefined ? { locale } : {}),
    text: draft.text.trim(),
    ...(draft.kind === 'alias' ? { alias: draft.say.trim() } : { phoneme: draft.say.trim(), alphabet: draft.alphabet }),
    ...(draft.ignoreCase ? { ignoreCase: true } : {}),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** The view's entry in the draft's canonical form (an IPA phoneme gains its alphabet), so an untouched entry compares equal. */
const canonicalEntries = (view: SetupView): SetupPronunciation[] => view.pronunciations.map((entry) => toEntry(toEntryDraft(entry)));

/** What the draft changes, part by part (each part whole); `{}` when nothing changed. */
export function toChange(view: SetupView, draft: SetupDraft): SetupChange {
  const change: SetupChange = {};
  if (draft.title !== view.title) change.title = draft.title;
  const languages = { target: draft.target.trim(), known: draft.known.trim() };
  if (!same(languages, view.languages)) change.languages = languages;
  const voices = Object.fromEntries(draft.voices.filter((row) => row.role.trim()).map((row) => [row.role.trim(), row.voice.trim()]));
  if (!same(voices, view.voices)) change.voices = voices;
  const variants = draft.variants.map(toVariant);
  if (
    !same(
      variants,
      view.variants.map((variant) => toVariant(toVariantDraft(variant))),
    )
  )
    change.variants = variants;
  const output = {
    ...(draft.format ? { format: draft.format } : {}),
    ...(optional(draft.naming) !== undefined ? { naming: draft.naming.trim() } : {}),
    ...(optionalNumber(draft.bitrate) !== undefined ? { bitrate: Number(draft.bitrate) } : {}),
  };
  if (!same(output, view.output)) change.output = output;
  const entries = draft.entries.map(toEntry);
  if (!same(entries, canonicalEntries(view))) change.pronunciations = entries;
  return change;
}

export const isEmptyChange = (change: SetupChange): boolean => Object.keys(change).length === 0;

/** What cannot be sent at all, in one sentence; null when the draft can go to main for the real checks. */
export function draftProblem(draft: SetupDraft): string | null {
  for (const variant of draft.variants) {
    const name = variant.id.trim() || 'a new variant';
    if (variant.rate.trim() === '' || !Number.isFinite(Number(variant.rate))) return `Variant "${name}": the rate must be a number, e.g. 0.7.`;
    if (variant.styleDegree.trim() !== '' && !Number.isFinite(Number(variant.styleDegree))) return `Variant "${name}": the style degree must be a number, e.g. 1.5.`;
    for (const [field, label] of [
      ['leadingSilenceMs', 'silence before'],
      ['trailingSilenceMs', 'silence after'],
    ] as const) {
      if (variant[field].trim() !== '' && !Number.isFinite(Number(variant[field]))) return `Variant "${name}": the ${label} must be a number of milliseconds, e.g. 500.`;
    }
  }
  if (draft.bitrate.trim() !== '' && !Number.isFinite(Number(draft.bitrate))) return 'The MP3 bitrate must be a number of kbps, e.g. 64.';
  const roles = draft.voices.map((row) => row.role.trim()).filter(Boolean);
  if (new Set(roles).size !== roles.length) return 'Two voice rows have the same role name.';
  return null;
}

/** A fresh variant for "Add variant": the target text in the target role at 0.8x, under an unused id. */
export function newVariant(draft: SetupDraft): VariantDraft {
  const ids = new Set(draft.variants.map((variant) => variant.id));
  let id = 'target-2';
  for (let n = 2; ids.has(id); n++) id = `target-${n}`;
  return {
    id,
    text: 'target',
    voice: draft.voices.find((row) => row.role === 'target')?.role ?? draft.voices[0]?.role ?? 'target',
    rate: '0.8',
    pitch: '',
    style: '',
    styleDegree: '',
    leadingSilenceMs: '',
    trailingSilenceMs: '',
  };
}

export const newEntry = (draft: SetupDraft): EntryDraft => ({ text: '', kind: 'phoneme', say: '', alphabet: 'ipa', locale: draft.target, ignoreCase: false });
