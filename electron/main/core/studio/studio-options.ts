import type { EnginePoolOptions } from '../engines/engine-pool';
import type { EventSink } from '../ipc/event-sink';
import type { SecretBox } from '../settings/secret-box';
import type { SettingsStore } from '../settings/settings-store';
import type { EngineFactory } from './engine-factory';
import type { Logger } from './logger';

/** What the studio is built from: its stores, the engine factory, the event sink and a few tunings. */
export interface StudioServiceOptions {
  readonly settings: SettingsStore;
  readonly secrets: SecretBox;
  /** Builds engines from settings; the only code that reads the Azure key (see engine-factory.ts). */
  readonly createEngine: EngineFactory;
  readonly events: EventSink;
  /** Turns an audio token into a URL the page can load (app://audio/<t>, or the bridge's /audio/<t>). */
  readonly audioUrl: (token: string) => string;
  /** Where auditions are rendered (a cache keyed by content). */
  readonly auditionCacheDir: string;
  /** Folder of the sample courses (resources/courses). */
  readonly samplesDir?: string;
  readonly transport: 'electron' | 'bridge';
  readonly version?: string;
  readonly log?: Logger;
  /** Event rates (ms). Defaults: run and cells 100 (10/s), pool 250 (4/s), throughput sample 1000. */
  readonly intervals?: { readonly run?: number; readonly cells?: number; readonly pool?: number; readonly sample?: number; readonly watch?: number };
  /** Extra EnginePool options (tests shorten timeouts). */
  readonly poolOptions?: Partial<EnginePoolOptions>;
  /** In shutdown, how long in-flight renders may finish before they are cancelled. Default 3 s. */
  readonly settleMs?: number;
}
