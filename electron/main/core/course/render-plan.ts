import { createHash } from 'node:crypto';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { billableChars } from './billing';
import { fileNameFor } from './naming';
import { buildSsml } from './ssml';

/**
 * Bumped when our own rendering changes in a way that alters audio for the same inputs, so old
 * cache entries stop matching instead of serving stale audio.
 */
export const RENDER_VERSION = 1;

export interface PlanOptions {
  readonly engine: EngineName;
  readonly format: OutputFormat;
}

/** The cache key: everything that shapes the audio (the SSML carries text, voice, rate, locale). */
export function renderKey(parts: { ssml: string; format: OutputFormat; engine: EngineName }): string {
  return createHash('sha256').update(JSON.stringify([RENDER_VERSION, parts.engine, parts.format, parts.ssml])).digest('hex').slice(0, 32);
}

/** Expands a course into its renders: every phrase x variant, overrides applied, in course order. */
export function planRenders(course: Course, options: PlanOptions): RenderJob[] {
  const jobs: RenderJob[] = [];
  const seenFiles = new Map<string, string>();
  course.phrases.forEach((phrase, phraseIndex) => {
    for (const variant of course.variants) {
      const override = phrase.overrides?.[variant.id];
      const text = (override?.text ?? phrase[variant.text]).trim();
      const role = override?.voice ?? variant.voice;
      const voice = course.voices[role] ?? role;
      const rate = override?.rate ?? variant.rate;
      const locale = course.languages[variant.text];
      const ssml = buildSsml({ text, voice, rate, locale });
      const file = fileNameFor(course.output?.naming, { phrase: phrase.id, variant: variant.id, lesson: phrase.lesson, index: phraseIndex + 1 }, options.format);
      const clash = seenFiles.get(file);
      if (clash) throw new Error(`The naming template gives "${file}" to both ${clash} and ${phrase.id}/${variant.id}; include {phrase} and {variant} in "output.naming".`);
      seenFiles.set(file, `${phrase.id}/${variant.id}`);
      jobs.push({
        key: renderKey({ ssml, format: options.format, engine: options.engine }),
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
        billableChars: billableChars(text),
      });
    }
  });
  return jobs;
}
