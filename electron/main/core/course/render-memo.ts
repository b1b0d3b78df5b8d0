import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Pronunciation } from '../../../../shared/model/course';

/** What planning derives from one render's inputs: the expensive part (SSML, pronunciation matching, two hashes). */
export interface DerivedRender {
  readonly ssml: string;
  readonly key: string;
  readonly billableChars: number;
  readonly spokenBy: string | undefined;
}

/**
 * Remembers the derived part of each render between plans of the same course, so replanning after a
 * one-phrase edit of a 10,000-phrase course recomputes that phrase's renders, not 30,000. Keyed by
 * every input that shapes the result; anything course-wide (engine, format, bitrate, pronunciation
 * table) empties it when it changes. Bounded: emptied when it outgrows a few plans' worth.
 */
export class RenderMemo {
  private readonly entries = new Map<string, DerivedRender>();
  private context = '';

  constructor(private readonly maxEntries = 500_000) {}

  /** Call before a plan: forgets everything if the course-wide inputs changed. */
  begin(context: {
    engine: EngineName;
    format: OutputFormat;
    mp3Bitrate?: number | undefined;
    sampleRate?: number | undefined;
    /** Loudness and silence (they join every delivery key). */
    shaping?: unknown;
    pronunciations?: readonly Pronunciation[] | undefined;
  }): void {
    // Every course-wide input, whatever it is: a delivery setting added later cannot be forgotten here.
    const next = JSON.stringify(context);
    if (next !== this.context || this.entries.size > this.maxEntries) this.entries.clear();
    this.context = next;
  }

  derive(inputs: readonly unknown[], compute: () => DerivedRender): DerivedRender {
    const key = JSON.stringify(inputs);
    let derived = this.entries.get(key);
    if (!derived) this.entries.set(key, (derived = compute()));
    return derived;
  }
}
