/**
 * Speaking styles against the voices that would speak them: a style a voice does not list in its
 * StyleList is reported before a run, with the place in the course file, instead of Azure silently
 * speaking in the default style (and the producer paying for it).
 */
import type { VoiceInfo } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';

export interface StyleUse {
  /** JSON path of the "style" value: ['variants', 1, 'style'] or ['phrases', 4, 'overrides', 'target', 'style']. */
  readonly path: ReadonlyArray<string | number>;
  readonly voice: string;
  readonly style: string;
  /** "variant "target"" or "phrase "p005", variant "target"". */
  readonly what: string;
}

/** Every place a style is asked for, with the voice that would speak it. */
export function styleUses(course: Course): StyleUse[] {
  const uses: StyleUse[] = [];
  const voiceOf = (role: string): string => course.voices[role] ?? role;
  course.variants.forEach((variant, index) => {
    if (variant.style) uses.push({ path: ['variants', index, 'style'], voice: voiceOf(variant.voice), style: variant.style, what: `variant "${variant.id}"` });
  });
  course.phrases.forEach((phrase, index) => {
    for (const [variantId, override] of Object.entries(phrase.overrides ?? {})) {
      const variant = course.variants.find((candidate) => candidate.id === variantId);
      const style = override.style ?? (override.voice !== undefined ? variant?.style : undefined);
      // A variant's own style is checked above; an override matters when it sets a style or changes the voice.
      if (!style || !variant || (override.style === undefined && override.voice === undefined)) continue;
      uses.push({
        path: ['phrases', index, 'overrides', variantId, override.style ? 'style' : 'voice'],
        voice: voiceOf(override.voice ?? variant.voice),
        style,
        what: `phrase "${phrase.id}", variant "${variantId}"`,
      });
    }
  });
  return uses;
}

/**
 * One message per style a voice does not offer. Voices missing from the list are left to the voice
 * check; a listed voice without a StyleList offers no style at all.
 */
export function unknownStyleProblems(course: Course, voices: readonly VoiceInfo[], file: string, placeOf?: (path: ReadonlyArray<string | number>) => string | undefined): string[] {
  const byName = new Map(voices.map((voice) => [voice.shortName.toLowerCase(), voice]));
  const problems: string[] = [];
  for (const use of styleUses(course)) {
    const voice = byName.get(use.voice.toLowerCase());
    if (!voice || voice.styles?.includes(use.style)) continue;
    const offered = voice.styles?.length ? `its styles: ${voice.styles.join(', ')}` : 'it offers no styles';
    problems.push(`${placeOf?.(use.path) ?? file}: ${use.what}: voice "${use.voice}" has no style "${use.style}" (${offered}). Use one of its styles, or remove "style".`);
  }
  return problems;
}
