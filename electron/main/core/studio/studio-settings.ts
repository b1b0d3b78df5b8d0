import { isAbsolute, resolve } from 'node:path';
import type { SettingsPatch, SettingsView } from '../../../../shared/ipc/contract';
import type { SecretBox } from '../settings/secret-box';
import type { SettingsStore } from '../settings/settings-store';
import type { CellRenderer } from './cell-renderer';
import type { CourseSession } from './course-session';
import type { KeyCheck } from './key-check';
import type { PoolRegistry } from './pool-registry';
import type { RunRecord } from './run-view';
import type { StudioEvents } from './studio-events';
import { checkOutputFolder } from './output-folder-check';
import { StudioError } from './studio-error';
import type { VoiceDirectory } from './voice-directory';

export interface StudioSettingsOptions {
  readonly store: SettingsStore;
  readonly secrets: SecretBox;
  readonly session: CourseSession;
  readonly cells: CellRenderer;
  readonly pools: PoolRegistry;
  readonly voices: VoiceDirectory;
  readonly events: StudioEvents;
  readonly activeRun: () => RunRecord | undefined;
  readonly keyCheck: KeyCheck;
}

/**
 * The settings room: what the page may read and change, and what each change does to the rest: a new
 * engine, format, sample rate or output folder replans the course (cells whose render changed become Stale), a new
 * engine configuration or key retires the interactive pool and the voice cache, and max connections
 * resizes a live run's pool.
 */
export class StudioSettings {
  constructor(private readonly options: StudioSettingsOptions) {}

  async view(): Promise<SettingsView> {
    const settings = this.options.store.get();
    const keySet = await this.options.secrets.has();
    return { ...settings, azure: { ...settings.azure, keySet, ...this.options.keyCheck.view(keySet) } };
  }

  async update(patch: SettingsPatch): Promise<SettingsView> {
    const { store, pools, session, events } = this.options;
    const before = store.get();
    const changesPlan =
      (patch.engine !== undefined && patch.engine !== before.engine) ||
      (patch.format !== undefined && patch.format !== before.format) ||
      (patch.sampleRate !== undefined && (patch.sampleRate ?? null) !== (before.sampleRate ?? null)) ||
      (patch.outputDir !== undefined && resolve(patch.outputDir) !== resolve(before.outputDir));
    const changesEngine =
      (patch.engine !== undefined && patch.engine !== before.engine) ||
      (patch.azure !== undefined && JSON.stringify({ ...before.azure, ...patch.azure }) !== JSON.stringify(before.azure));
    const active = this.options.activeRun();
    if (active && (changesPlan || changesEngine)) {
      throw new StudioError('busy', 'The engine, format, sample rate and output folder cannot change during a run. Cancel the run or let it finish first.');
    }
    if (patch.outputDir !== undefined && !isAbsolute(patch.outputDir))
      throw new StudioError('invalid-input', 'Choose the output folder as a full path (for example /home/you/Course Audio).');
    if (patch.outputDir !== undefined) await checkOutputFolder(patch.outputDir);
    const normalized: SettingsPatch = patch.outputDir !== undefined ? { ...patch, outputDir: resolve(patch.outputDir) } : patch;
    const after = store.update(normalized);
    if (after.maxConnections !== before.maxConnections) {
      active?.pool.setMaxConnections(after.maxConnections);
      active?.run.generationQueue?.setMaxConcurrency(after.maxConnections);
      events.poolChanged();
    }
    if (changesEngine || after.maxConnections !== before.maxConnections) pools.retireInteractivePool();
    if (changesEngine) {
      this.options.voices.forget();
      // Another region or host: the key must prove itself there again.
      if (patch.azure !== undefined) this.verifyKey();
    }
    if (changesPlan) {
      await this.options.cells.retire();
      await session.replan(after.engine !== before.engine || after.format !== before.format || (after.sampleRate ?? null) !== (before.sampleRate ?? null));
    }
    const view = await this.view();
    events.settingsChanged(view);
    return view;
  }

  /** Stores (or with null / empty, forgets) the Azure key. Answers with the view: keySet only. */
  async setKey(key: string | null): Promise<SettingsView> {
    const trimmed = key?.trim() ?? '';
    if (trimmed) await this.options.secrets.set(trimmed);
    else await this.options.secrets.clear();
    // A pool built with the old key must not serve the next audition.
    if (this.options.store.get().engine === 'azure') this.options.pools.retireInteractivePool();
    this.options.voices.forget();
    this.verifyKey();
    const view = await this.view();
    this.options.events.settingsChanged(view);
    return view;
  }

  /** Forgets what was known about the key and asks the service again (in the background; settings:changed tells the outcome). */
  private verifyKey(): void {
    this.options.keyCheck.reset();
    if (this.options.store.get().engine !== 'azure') return;
    void this.options.secrets.has().then((keySet) => (keySet || this.options.store.get().azure.host ? this.options.voices.verify() : undefined));
  }
}
