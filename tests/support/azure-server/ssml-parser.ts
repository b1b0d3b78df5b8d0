/**
 * SSML as the service reads it: a well-formed XML document (see xml.ts) whose root is <speak>
 * with version and xml:lang, whose text sits inside <voice name="…"> elements naming known voices.
 *
 * What the service answers when that fails (public reports, docs/design/azure-tts-protocol.md section 1.8): the socket is closed
 * with 1007 after turn.start, and the reason text is the only way to tell cases apart.
 *   unknown voice  -> "Unsupported voice en-US-FooNeural."  (verbatim from Azure, USP state TurnStarted)
 *   anything else  -> "Invalid SSML: <detail>"              (emulator wording; never mentions throttling)
 *
 * The result keeps what the emulator needs: voice, prosody rate and the spoken text (entities
 * decoded, whitespace collapsed), as runs of equal voice and rate, plus <break> silence.
 */
import { clampRate, countChars, type SpokenRun } from './latency-model';
import type { VoiceCatalog, VoiceEntry } from './voices';
import { XML_NAMESPACE, XmlSyntaxError, getAttribute, parseXml, type XmlElement } from './xml';

export const SSML_NAMESPACE = 'http://www.w3.org/2001/10/synthesis';

export type SsmlErrorKind = 'malformed-xml' | 'invalid-ssml' | 'unsupported-voice';

export class SsmlError extends Error {
  override readonly name = 'SsmlError';
  constructor(
    readonly kind: SsmlErrorKind,
    message: string,
    /** The WebSocket close reason the service would send with code 1007. */
    readonly closeReason: string,
  ) {
    super(message);
  }
}

export interface SsmlRun extends SpokenRun {
  /** Canonical short name of the voice, e.g. "en-US-JennyNeural". */
  readonly voice: string;
  readonly voiceEntry: VoiceEntry;
  /** Effective prosody rate, clamped to [0.5, 2]. */
  readonly rate: number;
  /** Spoken text with entities decoded and whitespace collapsed. */
  readonly text: string;
}

/** Silence requested by <break>, placed before the run with the same index (or at the end). */
export interface SsmlBreak {
  readonly beforeRun: number;
  readonly ms: number;
}

export interface ParsedSsml {
  readonly lang: string;
  readonly runs: readonly SsmlRun[];
  readonly breaks: readonly SsmlBreak[];
  /** Σ break time in ms. */
  readonly breakMs: number;
  /** All spoken text, runs joined by a space. */
  readonly text: string;
  /** First voice in the document. */
  readonly voice: string;
  /** Rate of the first run (1 if there is no text). */
  readonly rate: number;
  /** Characters the service would bill: the spoken text's code points. */
  readonly billableChars: number;
}

/** Named prosody rates, as the Azure SSML reference defines them. */
const NAMED_RATES: Record<string, number> = { 'x-slow': 0.5, slow: 0.64, medium: 1, default: 1, fast: 1.55, 'x-fast': 2 };
/** Named break strengths in ms (Azure SSML reference). */
const BREAK_STRENGTHS: Record<string, number> = { none: 0, 'x-weak': 250, weak: 500, medium: 750, strong: 1000, 'x-strong': 1250 };
const MAX_BREAK_MS = 20_000;

function invalid(detail: string): SsmlError {
  return new SsmlError('invalid-ssml', `Invalid SSML: ${detail}`, `Invalid SSML: ${detail}`);
}

/**
 * Parses one prosody rate value relative to the current rate:
 * "-30%" / "+25%" (percent change), "0.7" (multiplier), or a named rate.
 */
export function parseProsodyRate(value: string, current = 1): number {
  const v = value.trim().toLowerCase();
  const named = NAMED_RATES[v];
  if (named !== undefined) return named;
  const percent = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)%$/.exec(v);
  if (percent) {
    const amount = Number(percent[2]) / 100;
    return current * (1 + (percent[1] === '-' ? -amount : amount));
  }
  const multiplier = /^\+?(\d+(?:\.\d+)?|\.\d+)$/.exec(v);
  if (multiplier) return current * Number(multiplier[1]);
  throw invalid(`invalid prosody rate "${value}"`);
}

function parseBreak(el: XmlElement): number {
  const time = getAttribute(el, 'time');
  if (time !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(time);
    if (!m) throw invalid(`invalid break time "${time}"`);
    const ms = Number(m[1]) * (m[2]?.toLowerCase() === 's' ? 1000 : 1);
    return Math.min(MAX_BREAK_MS, ms);
  }
  const strength = getAttribute(el, 'strength');
  if (strength === undefined) return BREAK_STRENGTHS.medium ?? 750;
  const ms = BREAK_STRENGTHS[strength.trim().toLowerCase()];
  if (ms === undefined) throw invalid(`invalid break strength "${strength}"`);
  return ms;
}

interface WalkState {
  voice: VoiceEntry | null;
  rate: number;
}

interface RawRun {
  voice: VoiceEntry;
  rate: number;
  text: string;
}

class SsmlWalker {
  readonly raw: RawRun[] = [];
  readonly rawBreaks: Array<{ beforeRaw: number; ms: number }> = [];
  /** Set by <break>: the next text starts a run of its own, so the silence sits between runs. */
  private splitNext = false;

  constructor(private readonly voices: VoiceCatalog) {}

  private addText(text: string, state: WalkState): void {
    if (!state.voice) {
      if (text.trim() !== '') throw invalid('text must be inside a <voice> element');
      return;
    }
    const last = this.raw[this.raw.length - 1];
    if (last && !this.splitNext && last.voice === state.voice && last.rate === state.rate) last.text += text;
    else this.raw.push({ voice: state.voice, rate: state.rate, text });
    this.splitNext = false;
  }

  walk(el: XmlElement, state: WalkState): void {
    const local = el.localName;
    let next = state;
    if (local === 'voice') {
      if (state.voice) throw invalid('<voice> elements cannot be nested');
      const name = getAttribute(el, 'name');
      if (name === undefined || name.trim() === '') throw invalid('<voice> needs a name attribute');
      const entry = this.voices.find(name);
      if (!entry) throw new SsmlError('unsupported-voice', `Unsupported voice ${name}.`, `Unsupported voice ${name}.`);
      next = { voice: entry, rate: 1 };
      // A voice boundary always starts a new run, even for the same voice.
      this.raw.push({ voice: entry, rate: 1, text: '' });
      this.splitNext = false;
    } else if (local === 'prosody') {
      const rate = getAttribute(el, 'rate');
      if (rate !== undefined) next = { ...state, rate: parseProsodyRate(rate, state.rate) };
    } else if (local === 'break') {
      this.rawBreaks.push({ beforeRaw: this.raw.length, ms: parseBreak(el) });
      this.splitNext = true;
      return;
    } else if (local === 'sub') {
      const alias = getAttribute(el, 'alias');
      if (alias === undefined) throw invalid('<sub> needs an alias attribute');
      this.addText(` ${alias} `, state);
      return;
    } else if (local === 'speak') {
      throw invalid('<speak> can only be the root element');
    }
    for (const child of el.children) {
      if (child.type === 'text') this.addText(child.value, next);
      else this.walk(child, next);
    }
  }
}

/** Parses and validates SSML; throws SsmlError with the close reason the service would send. */
export function parseSsml(ssml: string, voices: VoiceCatalog): ParsedSsml {
  let root: XmlElement;
  try {
    root = parseXml(ssml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      throw new SsmlError('malformed-xml', `Invalid SSML: ${error.message}`, `Invalid SSML: ${error.message}`);
    }
    throw error;
  }
  if (root.localName !== 'speak') throw invalid(`the root element must be <speak>, not <${root.name}>`);
  if (root.namespace !== null && root.namespace !== SSML_NAMESPACE) throw invalid(`<speak> is in an unknown namespace "${root.namespace}"`);
  const version = getAttribute(root, 'version');
  if (version === undefined || version.trim() === '') throw invalid('<speak> needs a version attribute');
  const lang = getAttribute(root, 'lang', XML_NAMESPACE);
  if (lang === undefined || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang.trim())) throw invalid('<speak> needs a valid xml:lang attribute');

  const walker = new SsmlWalker(voices);
  for (const child of root.children) {
    if (child.type === 'text') {
      if (child.value.trim() !== '') throw invalid('text must be inside a <voice> element');
    } else {
      walker.walk(child, { voice: null, rate: 1 });
    }
  }
  if (walker.raw.length === 0) throw invalid('the document has no <voice> element');

  // Collapse whitespace inside each voice, drop empty runs, remap break positions.
  const runs: SsmlRun[] = [];
  const runIndexOfRaw: number[] = [];
  let pendingSpace = false;
  let previousVoice: VoiceEntry | null = null;
  for (const raw of walker.raw) {
    runIndexOfRaw.push(runs.length);
    if (raw.voice !== previousVoice) pendingSpace = false;
    previousVoice = raw.voice;
    const collapsed = raw.text.replace(/\s+/g, ' ');
    const leadingSpace = collapsed.startsWith(' ');
    const body = collapsed.trim();
    if (body === '') {
      if (collapsed !== '') pendingSpace = true;
      continue;
    }
    const prev = runs[runs.length - 1];
    const joinSpace = (pendingSpace || leadingSpace) && prev !== undefined && prev.voiceEntry === raw.voice;
    runs.push({ voice: raw.voice.ShortName, voiceEntry: raw.voice, rate: clampRate(raw.rate), text: (joinSpace ? ' ' : '') + body });
    pendingSpace = collapsed.endsWith(' ');
  }
  runIndexOfRaw.push(runs.length);
  const breaks = walker.rawBreaks.map((b) => ({ beforeRun: runIndexOfRaw[b.beforeRaw] ?? runs.length, ms: b.ms })).filter((b) => b.ms > 0);

  const firstVoice = walker.raw[0]?.voice.ShortName ?? '';
  const text = runs
    .map((run, i) => (i > 0 && !run.text.startsWith(' ') ? ` ${run.text}` : run.text))
    .join('')
    .trim();
  return {
    lang: lang.trim(),
    runs,
    breaks,
    breakMs: breaks.reduce((sum, b) => sum + b.ms, 0),
    text,
    voice: firstVoice,
    rate: runs[0]?.rate ?? 1,
    billableChars: runs.reduce((sum, run) => sum + countChars(run.text), 0),
  };
}
