import { createHash } from 'node:crypto';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { offlineVoiceLabel } from '../engines/offline/voice-label';
import { shapingForJob, shapingOf } from '../deliver/course-shaping';
import type { ShapingSettings } from '../deliver/shaping';
import { billableSsmlChars } from './billing';
import { fileNameFor } from './naming';
import { pronunciationsFor } from './pronunciation';
import type { DerivedRender, RenderMemo } from './render-memo';
import { buildSsml } from './ssml';

/**
 * Bumped when our own rendering changes in a way that alters audio for the same inputs, so old
 * cache entries stop matching instead of serving stale audio.
 */
export const RENDER_VERSION = 1;

export interface PlanOptions {
  readonly engine: EngineName;
  readonly format: OutputFormat;
  /** MP3 constant bitrate (kbps) when format is mp3; default: chosen by the master's sample rate. */
  readonly mp3Bitrate?: number;
  /** Sample rate (Hz) of the delivered files; default: the engine's own (the master's). */
  readonly sampleRate?: number;
  /** Derived renders kept from the last plan of this course (the studio replans after every edit). */
  readonly memo?: RenderMemo;
}

/**
 * The synthesis key: everything that shapes the speech (the SSML carries text, voice, rate, locale;
 * plus the engine), and nothing about the delivery format. It names a master in the masters cache,
 * so switching WAV <-> MP3 never synthesizes (bills) again.
 */
export function synthesisKey(parts: { ssml: string; engine: EngineName }): string {
  return createHash('sha256')
    .update(JSON.stringify([RENDER_VERSION, parts.engine, parts.ssml]))
    .digest('hex')
    .slice(0, 32);
}

/** The highest bitrate at which LAME, left to itself, resampled (measured on LAME 3.100). */
const LAME_RESAMPLED_UP_TO_KBPS = 48;

/**
 * The delivery key: a master plus the delivery settings (format, bitrate, sample rate, silence and
 * loudness); names one delivered file's content. Settings left at "as the master is" stay out of the
 * key, so folders delivered before a setting existed keep their keys.
 */
export function deliveryKey(
  master: string,
  delivery: { format: OutputFormat; mp3Bitrate?: number | undefined; sampleRate?: number | undefined; shaping?: ShapingSettings | undefined },
): string {
  const settings: unknown[] = delivery.format === 'mp3' ? [delivery.format, delivery.mp3Bitrate ?? 'auto'] : [delivery.format];
  // At 32-48 kbps LAME used to pick its own lower sample rate (e.g. 22.05 kHz for 48 kHz at 32 kbps);
  // the encoder now keeps the rate asked for, so files made before are made again (locally, from masters).
  if (delivery.format === 'mp3' && delivery.mp3Bitrate !== undefined && delivery.mp3Bitrate <= LAME_RESAMPLED_UP_TO_KBPS) settings.push('rate-kept');
  if (delivery.sampleRate !== undefined) settings.push(`${delivery.sampleRate}Hz`);
  const { shaping } = delivery;
  if (shaping && (shaping.loudness || shaping.silence)) settings.push({ loudness: shaping.loudness, silence: shaping.silence, version: 1 });
  return createHash('sha256')
    .update(JSON.stringify([master, ...settings]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The key journals written before the masters cache used (engine, format and SSML in one hash), so an
 * output folder from then is adopted instead of synthesized (billed) again. See run/output-build.ts.
 */
export function legacyRenderKey(parts: { ssml: string; format: OutputFormat; engine: EngineName }): string {
  return createHash('sha256')
    .update(JSON.stringify([RENDER_VERSION, parts.engine, parts.format, parts.ssml]))
    .digest('hex')
    .slice(0, 32);
}

/** The journal key of a delivered file in the default delivery settings of `format`. */
export function renderKey(parts: { ssml: string; format: OutputFormat; engine: EngineName }): string {
  return deliveryKey(synthesisKey(parts), { format: parts.format });
}

/** Expands a course into its renders: every phrase x variant, overrides applied, in course order. */
export function planRenders(course: Course, options: PlanOptions): RenderJob[] {
  const jobs: RenderJob[] = [];
  const seenFiles = new Map<string, string>();
  const pronunciationsByLocale = new Map<string, ReturnType<typeof pronunciationsFor>>();
  const tableFor = (locale: string): ReturnType<typeof pronunciationsFor> => {
    let table = pronunciationsByLocale.get(locale);
    if (!table) pronunciationsByLocale.set(locale, (table = pronunciationsFor(course.pronunciations, locale)));
    return table;
  };
  const shaping = shapingOf(course);
  options.memo?.begin({
    engine: options.engine,
    format: options.format,
    mp3Bitrate: options.mp3Bitrate,
    sampleRate: options.sampleRate,
    shaping,
    pronunciations: course.pronunciations,
  });
  course.phrases.forEach((phrase, phraseIndex) => {
    for (const variant of course.variants) {
      const override = phrase.overrides?.[variant.id];
      const text = (override?.text ?? phrase[variant.text]).trim();
      const role = override?.voice ?? variant.voice;
      const voice = course.voices[role] ?? role;
      const rate = override?.rate ?? variant.rate;
      const locale = course.languages[variant.text];
      const delivery = {
        style: override?.style ?? variant.style,
        styleDegree: override?.styleDegree ?? variant.styleDegree,
        pitch: override?.pitch ?? variant.pitch,
        leadingSilenceMs: override?.leadingSilenceMs ?? variant.leadingSilenceMs,
        trailingSilenceMs: override?.trailingSilenceMs ?? variant.trailingSilenceMs,
      };
      const lead = delivery.leadingSilenceMs;
      const tail = delivery.trailingSilenceMs;
      const silenceMs = lead !== undefined || tail !== undefined ? { ...(lead !== undefined ? { lead } : {}), ...(tail !== undefined ? { tail } : {}) } : undefined;
      const derive = (): DerivedRender => {
        const ssml = buildSsml({ text, voice, rate, locale, pronunciations: tableFor(locale), ...delivery });
        return {
          ssml,
          key: deliveryKey(synthesisKey({ ssml, engine: options.engine }), {
            format: options.format,
            mp3Bitrate: options.mp3Bitrate,
            sampleRate: options.sampleRate,
            shaping: shapingForJob(shaping, { silenceMs }),
          }),
          billableChars: billableSsmlChars(ssml),
          // Offline, the job names the eSpeak voice that really speaks, not the Azure voice it stands in for.
          spokenBy: options.engine === 'offline' ? offlineVoiceLabel(voice, locale) : undefined,
        };
      };
      const { ssml, key, billableChars, spokenBy } = options.memo ? options.memo.derive([text, voice, rate, locale, ...Object.values(delivery)], derive) : derive();
      const file = fileNameFor(course.output?.naming, { phrase: phrase.id, variant: variant.id, lesson: phrase.lesson, index: phraseIndex + 1 }, options.format);
      const clash = seenFiles.get(file);
      if (clash) throw new Error(`The naming template gives "${file}" to both ${clash} and ${phrase.id}/${variant.id}; include {phrase} and {variant} in "output.naming".`);
      seenFiles.set(file, `${phrase.id}/${variant.id}`);
      jobs.push({
        key,
        phraseId: phrase.id,
        variantId: variant.id,
        phraseIndex,
        text,
        ssml,
        voice,
        rate,
        locale,
        format: options.format,
        engine: options.engine,
        file,
        billableChars,
        ...(spokenBy ? { spokenBy } : {}),
        ...(silenceMs ? { silenceMs } : {}),
      });
    }
  });
  return jobs;
}
