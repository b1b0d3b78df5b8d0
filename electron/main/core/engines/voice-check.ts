import type { RenderJob } from '../../../../shared/model/render';
import type { SpeechEngine, VoiceUse } from './speech-engine';

/**
 * Asks the engine about every distinct voice a run uses; one message per voice, with where it is used
 * and, given `placeOf`, the `file:line:column` where the course names that voice.
 */
export async function findVoiceProblems(engine: SpeechEngine, jobs: readonly RenderJob[], file: string, placeOf?: (voice: string) => string | undefined): Promise<string[]> {
  if (!engine.unsupportedVoices) return [];
  const uses = new Map<string, VoiceUse & { example: RenderJob; count: number }>();
  for (const job of jobs) {
    const id = `${job.voice}\u0000${job.locale}`;
    const use = uses.get(id);
    if (use) use.count++;
    else uses.set(id, { voice: job.voice, locale: job.locale, example: job, count: 1 });
  }
  const problems = await engine.unsupportedVoices([...uses.values()].map(({ voice, locale }) => ({ voice, locale })));
  return problems.map((problem) => {
    const use = [...uses.values()].find((candidate) => candidate.voice === problem.voice);
    const where = use ? ` (variant "${use.example.variantId}", e.g. phrase "${use.example.phraseId}", ${use.count} render${use.count === 1 ? '' : 's'})` : '';
    return `${placeOf?.(problem.voice) ?? file}: voice "${problem.voice}"${where}: ${problem.reason}`;
  });
}

/**
 * What both front ends say when a run is refused for its voices or styles: the CLI prints it, the studio
 * shows it in its error toast (which shows every line). One problem a line, each with its place.
 */
export function voiceProblemsMessage(engine: string, problems: readonly string[]): string {
  return `The course uses voices the ${engine} engine cannot speak:\n${problems.map((problem) => `  ${problem}`).join('\n')}`;
}
