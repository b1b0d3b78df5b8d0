/**
 * What the offline engine says a render is spoken by: the eSpeak NG voice and its language, e.g.
 * "eSpeak NG roa/es (Spanish)", "eSpeak NG roa/es-419 (Latin American Spanish)". Shown in the manifest,
 * the studio's data and the CLI, so nobody mistakes eSpeak for the Azure voice it stands in for.
 */
import { offlineVoiceFor } from './voice-map';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** The language of an eSpeak voice id (`roa/es-419` -> "Latin American Spanish"), or the id's tail. */
export function espeakVoiceLanguage(espeakVoice: string): string {
  const tag = (espeakVoice.split('/').pop() ?? espeakVoice).replace(/-x-.*$/, '');
  try {
    return LANGUAGE_NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Labels by voice and locale: every render of a course asks (a language name costs an ICU lookup). */
const labels = new Map<string, string | undefined>();

/** The label for an Azure voice rendered offline, or undefined when eSpeak has no voice for it (the run reports that). */
export function offlineVoiceLabel(azureVoice: string, locale?: string): string | undefined {
  const key = `${azureVoice}\u0000${locale ?? ''}`;
  if (!labels.has(key)) labels.set(key, labelOf(azureVoice, locale));
  return labels.get(key);
}

function labelOf(azureVoice: string, locale?: string): string | undefined {
  try {
    const { espeakVoice } = offlineVoiceFor(azureVoice, locale);
    return `eSpeak NG ${espeakVoice} (${espeakVoiceLanguage(espeakVoice)})`;
  } catch {
    return undefined;
  }
}

/** For the CLI's start line: `"es-ES-ElviraNeural" is spoken by eSpeak NG roa/es (Spanish); ...` for the voices offline jobs use. */
export function describeOfflineVoices(jobs: ReadonlyArray<{ readonly voice: string; readonly spokenBy?: string | undefined }>): string | undefined {
  const pairs = new Map<string, string>();
  for (const job of jobs) if (job.spokenBy && !pairs.has(job.voice)) pairs.set(job.voice, job.spokenBy);
  return pairs.size ? [...pairs].map(([voice, spokenBy]) => `"${voice}" is spoken by ${spokenBy}`).join('; ') : undefined;
}
