import { z } from 'zod';
import { EngineNameSchema, OutputFormatSchema, OutputSampleRateSchema } from '../model/audio';
import { AzureTierSettingSchema } from '../model/azure-tier';
import { RateSchema, TextFieldSchema } from '../model/course';
import { HoldReasonSchema, RunProgressSchema, RunStateSchema } from '../model/progress';
import { QaFlagSchema } from '../model/delivery';
import { RenderStatusSchema } from '../model/render';
import { SettingsFieldsSchema } from '../model/settings';
import type { EventChannel, InvokeChannel } from './channels';
import { ConflictChoiceSchema, EditResultSchema, EditStateSchema, PhraseEditSchema } from './edit-contract';
import { AnkiExportSchema, TrackViewSchema, TracksBuildSchema } from './deliverables-contract';
import { trackPlaybackContract } from './track-playback-contract';
import { IPC_ERROR_CODES } from './error-codes';
import { setupContract } from './setup-contract';
import { BatchJobViewSchema } from './batch-contract';
import { MastersCleanedSchema, MastersViewSchema } from './masters-contract';

export { BatchJobViewSchema, type BatchJobView } from './batch-contract';
export { MastersCleanedSchema, MastersViewSchema, type MastersCleaned, type MastersView } from './masters-contract';

/**
 * The one contract between the studio's renderer and the main process. Every invoke input and output
 * and every event payload is a zod schema here; main validates every input against it, and the same
 * contract is served over Electron IPC in the app and over a loopback WebSocket bridge in tests.
 */

// ---------------------------------------------------------------- envelope

export const IpcErrorSchema = z.object({
  /** Stable machine code, one of IPC_ERROR_CODES (error-codes.ts, with the page's fallback sentence for each). */
  code: z.enum(IPC_ERROR_CODES),
  /** A sentence for the producer: what happened and what to do. */
  message: z.string(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---------------------------------------------------------------- course

export const CourseViewSchema = z.object({
  /** Where it was loaded from (shown in the top bar); a display name for imported text. */
  file: z.string(),
  id: z.string(),
  title: z.string(),
  languages: z.object({ target: z.string(), known: z.string() }),
  voices: z.record(z.string(), z.string()),
  variants: z.array(z.object({ id: z.string(), text: TextFieldSchema, voice: z.string(), rate: z.number() })),
  phrases: z.array(
    z.object({ id: z.string(), known: z.string(), target: z.string(), lesson: z.string().optional(), notes: z.string().optional(), tags: z.array(z.string()).optional() }),
  ),
  warnings: z.array(z.string()),
});
export type CourseView = z.infer<typeof CourseViewSchema>;

/** State of one render (one table cell), keyed by `${phraseId}/${variantId}` in maps. */
export const RenderCellSchema = z.object({
  status: z.union([RenderStatusSchema, z.literal('stale')]),
  attempt: z.number().int().optional(),
  durationMs: z.number().optional(),
  /** Why it failed or is retrying, in the producer's words (service message included). */
  error: z.string().optional(),
  errorKind: z.string().optional(),
  /** Loudness (LUFS) and true peak (dBTP) of the delivered file, and its QA flags (near-silent, truncated, runaway). */
  loudnessLufs: z.number().optional(),
  truePeakDbtp: z.number().optional(),
  qa: z.array(QaFlagSchema).optional(),
  /** With QA flags: the speech length its text and rate predict, and the speech in the file (ms): the flag's "why". */
  expectedSpeechMs: z.number().optional(),
  speechMs: z.number().optional(),
});
export type RenderCell = z.infer<typeof RenderCellSchema>;
export const cellId = (phraseId: string, variantId: string): string => `${phraseId}/${variantId}`;

// ---------------------------------------------------------------- run

/**
 * A time estimate with its honesty: `basis` 'assumed' (nothing of this engine measured in this session
 * yet: show the range, "about 1-9 min") or 'measured' (renders of this engine in this session: the
 * recent per-slot throughput times the slots). `stalled`: no render finished for a long while during a
 * run: show "stalled", not a time (ms and the range are then null).
 */
export const EtaSchema = z.object({
  ms: z.number().nullable(),
  lowMs: z.number().nullable(),
  highMs: z.number().nullable(),
  basis: z.enum(['measured', 'assumed']),
  stalled: z.boolean(),
});
export type Eta = z.infer<typeof EtaSchema>;

export const FailureGroupSchema = z.object({
  kind: z.string(),
  /** The service's (or engine's) message for this cause. */
  message: z.string(),
  count: z.number().int(),
  cells: z.array(z.string()),
});
export type FailureGroup = z.infer<typeof FailureGroupSchema>;

export const RunViewSchema = z.object({
  state: RunStateSchema,
  progress: RunProgressSchema,
  /** Why dispatch is waiting (throttled, outage, rate limit) and until when (epoch ms). */
  hold: z.object({ reason: HoldReasonSchema, untilMs: z.number() }).nullable(),
  stopReason: z.string().nullable(),
  /**
   * The service cannot be reached: the host, since when (epoch ms) and the last error, for
   * "Cannot reach <host> since HH:MM - retrying". Null (or absent) while it answers.
   */
  unreachable: z.object({ host: z.string(), sinceMs: z.number(), lastError: z.string() }).nullable().optional(),
  failures: z.array(FailureGroupSchema),
  engine: EngineNameSchema.nullable(),
  /** Where the run's files go (the course's folder inside the output folder): the Run tab says so. */
  outputDir: z.string().nullable(),
  /**
   * What the run's in-flight renders (`progress.running`) are doing now (absent when idle): `rendering`
   * in one of the pool's `slots` (never more than the slots: 2 eSpeak workers render at most 2),
   * `waitingForSlot` (dispatched, queued for a free synthesizer), `writing` (audio received, file being
   * committed). Show "Rendering: {rendering} of {slots}", the others apart.
   */
  live: z.object({ rendering: z.number().int(), waitingForSlot: z.number().int(), writing: z.number().int(), slots: z.number().int() }).optional(),
  /** Time left from the session's rate model for this engine (absent when idle or over); see EtaSchema. */
  eta: EtaSchema.optional(),
  /**
   * What this run did (absent when idle), as the CLI summary says it: `rendered` synthesized by the
   * engine (what Azure bills), `cached` finished without synthesis (a delivered file or a master held
   * it), `written` files delivered into the output folder (derived from masters).
   */
  counts: z.object({ rendered: z.number().int(), cached: z.number().int(), written: z.number().int() }).optional(),
  /** A run through Azure batch synthesis: its jobs, live (absent for interactive and offline runs). */
  batch: z.object({ endpoint: z.string(), jobs: z.array(BatchJobViewSchema) }).optional(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const EstimateSchema = z.object({
  renders: z.number().int(),
  toRender: z.number().int(),
  cached: z.number().int(),
  /** Characters Azure would bill for what is not cached (0 for the offline engine's own runs). */
  billableChars: z.number().int(),
  /** US$ at the configured price per million characters; null for the offline engine. */
  costUsd: z.number().nullable(),
  /** Rough wall time for what is left at the current connection count (the middle of `eta`'s range). */
  estimatedMs: z.number(),
  /** The same estimate with its basis and range (see EtaSchema). */
  eta: EtaSchema.optional(),
  /**
   * The same renders through Azure batch synthesis (Azure engine only; absent otherwise): `offered` when
   * the renders left reach the Settings threshold (`thresholdRenders`), the jobs they make, the time
   * from the batch-throughput model (docs/azure-batch-synthesis.md: an assumed range, never measured
   * here) and the cost, the same per character as interactive.
   */
  batch: z
    .object({
      offered: z.boolean(),
      thresholdRenders: z.number().int(),
      jobs: z.number().int(),
      estimatedMs: z.number(),
      lowMs: z.number(),
      highMs: z.number(),
      costUsd: z.number(),
      /**
       * Jobs an earlier session submitted that the output folder still remembers (batch-jobs.json) and the
       * renders they hold: "Send to Azure batch" picks them up (offered whatever the threshold), never
       * submitting them again.
       */
      waiting: z.object({ jobs: z.number().int(), renders: z.number().int() }).optional(),
    })
    .optional(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

// ---------------------------------------------------------------- pool gauges

export const PoolGaugesSchema = z.object({
  engine: EngineNameSchema.nullable(),
  inUse: z.number().int(),
  idle: z.number().int(),
  max: z.number().int(),
  /** The adaptive concurrency limit (shrinks on throttling, grows back). */
  limit: z.number().int(),
  waiters: z.number().int(),
  /** Connections (or workers) opened since the pool started. */
  opened: z.number().int(),
  closed: z.number().int(),
  throttleEvents: z.number().int(),
  throttlePerMinute: z.number(),
  latencyP50Ms: z.number(),
  latencyP95Ms: z.number(),
  /** Renders per second, one sample per second, newest last (at most 120). */
  throughput: z.array(z.number()),
  /** Throughput samples taken since the studio started (`throughput` holds the newest): a chart takes the current run's from it. */
  samplesTaken: z.number().int().optional(),
  /**
   * `samplesTaken` when the latest run started: its samples are the newest `samplesTaken - runSamplesFrom`.
   * Main counts it, so a chart never takes a sample of the run before, however late an event arrives.
   */
  runSamplesFrom: z.number().int().optional(),
  /** Runs started since the studio started: names the run `runSamplesFrom` belongs to. */
  runsStarted: z.number().int().optional(),
  /** Connections (or workers) that failed to open. */
  openFailures: z.number().int().optional(),
  lastEvent: z.object({ atMs: z.number(), kind: z.string(), message: z.string() }).nullable(),
  /** The max connections set in Settings; `max` is lower while a learned connection cap holds. */
  configuredMax: z.number().int().optional(),
  /**
   * Why `max` differs from Settings, when it does: the service refused a connection (HTTP 429 on the
   * upgrade) with `max` open, at `atMs` ('learned-cap'), or a later probe one above it ('probe').
   * Null while `max` is the configured one. Show "Max 3 (learned from the service at 14:02; Settings: 8)".
   */
  cap: z
    .object({ reason: z.enum(['learned-cap', 'probe']), atMs: z.number(), max: z.number().int() })
    .nullable()
    .optional(),
  /** Connections the service refused (each taught or confirmed the cap). */
  refusedConnections: z.number().int().optional(),
  /** Synthesizers dropped because they broke (a failed or timed-out call, a lost socket), not retired by age or use. */
  droppedConnections: z.number().int().optional(),
});
export type PoolGauges = z.infer<typeof PoolGaugesSchema>;

// ---------------------------------------------------------------- voices, audition, preview

export const VoiceInfoSchema = z.object({
  shortName: z.string(),
  displayName: z.string(),
  locale: z.string(),
  localeName: z.string(),
  gender: z.enum(['Female', 'Male', 'Neutral']),
  /** Azure's StyleList: the speaking styles (<mstts:express-as>) this voice offers; absent = none listed. */
  styles: z.array(z.string()).optional(),
});
export type VoiceInfo = z.infer<typeof VoiceInfoSchema>;

export const AudioRefSchema = z.object({
  /** An opaque URL the page can play (app://audio/<token> in Electron, the bridge's /audio/<token> in tests). */
  url: z.string(),
  durationMs: z.number(),
});
export type AudioRef = z.infer<typeof AudioRefSchema>;

export const PreviewSchema = AudioRefSchema.extend({
  file: z.string(),
  /** Peak amplitudes 0..1 for a waveform, evenly spaced over the file. */
  peaks: z.array(z.number()),
  voice: z.string(),
  rate: z.number(),
});
export type Preview = z.infer<typeof PreviewSchema>;

// ---------------------------------------------------------------- settings

export const SettingsViewSchema = z.object({
  engine: EngineNameSchema,
  azure: z.object({
    region: z.string(),
    host: z.string(),
    /** Whether a key is stored. The key itself never leaves the main process. */
    keySet: z.boolean(),
    /**
     * What the service said about the key: 'verified' (a voices call was answered: the only state in
     * which the engine badge may say Ready), 'refused' (401/403: "Key refused"), 'unverified' (not
     * checked yet, or no answer: "Key not verified", with `keyMessage` saying why), 'unset'.
     */
    keyStatus: z.enum(['unset', 'unverified', 'verified', 'refused']).optional(),
    /** Why the key is refused or not verified, in the producer's words; null otherwise. */
    keyMessage: z.string().nullable().optional(),
  }),
  outputDir: z.string(),
  format: OutputFormatSchema,
  /** Sample rate of delivered files (Hz) unless the course names one; null/absent: the engine's own. */
  sampleRate: OutputSampleRateSchema.nullable().optional(),
  maxConnections: z.number().int(),
  /** US$ per million characters, for estimates. */
  pricePerMillionChars: z.number(),
  /** The Azure resource's tier (f0, s0) or custom requests per second; null/absent: unknown. */
  azureTier: AzureTierSettingSchema.nullable().optional(),
  /** Renders left from which "Send to Azure batch" is offered (absent: the default, 2,000). */
  batchThresholdRenders: z.number().int().optional(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/** Any subset of the settings (the Azure part field by field), with the stored settings' own limits. */
export const SettingsPatchSchema = SettingsFieldsSchema.extend({ azure: SettingsFieldsSchema.shape.azure.partial() }).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---------------------------------------------------------------- snapshot

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  /** 'electron' in the app, 'bridge' when served to a browser by `npm run studio:web`. */
  transport: z.enum(['electron', 'bridge']),
  sampleCourses: z.array(z.object({ name: z.string(), title: z.string() })),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const StudioSnapshotSchema = z.object({
  course: CourseViewSchema.nullable(),
  cells: z.record(z.string(), RenderCellSchema),
  run: RunViewSchema,
  pool: PoolGaugesSchema,
  settings: SettingsViewSchema,
  /** The phrase editor's state (absent from older mains). */
  edit: EditStateSchema.optional(),
});
export type StudioSnapshot = z.infer<typeof StudioSnapshotSchema>;

// ---------------------------------------------------------------- the contract

const none = z.undefined();
const cellRef = z.object({ phraseId: z.string().min(1).max(200), variantId: z.string().min(1).max(200) }).strict();

export const invokeContract = {
  'app:info': { input: none, output: AppInfoSchema },
  'studio:snapshot': { input: none, output: StudioSnapshotSchema },
  'course:openPath': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: CourseViewSchema },
  /** Native file dialog (Electron only; the bridge answers 'unsupported'). Resolves null when dismissed. */
  'course:openDialog': { input: none, output: CourseViewSchema.nullable() },
  'course:openSample': { input: z.object({ name: z.string().min(1).max(200) }).strict(), output: CourseViewSchema },
  /** A dropped file's text (the sandboxed page has no paths). */
  'course:import': { input: z.object({ name: z.string().min(1).max(255), text: z.string().max(20_000_000) }).strict(), output: CourseViewSchema },
  'course:assignVoice': { input: z.object({ role: z.string().min(1).max(100), voice: z.string().min(1).max(200) }).strict(), output: CourseViewSchema },
  'run:estimate': { input: none, output: EstimateSchema },
  'run:start': { input: none, output: RunViewSchema },
  /** "Send to Azure batch": the same run through Azure batch synthesis jobs (Azure engine only). */
  'run:startBatch': { input: none, output: RunViewSchema },
  'run:pause': { input: none, output: RunViewSchema },
  'run:resume': { input: none, output: RunViewSchema },
  'run:cancel': { input: none, output: RunViewSchema },
  'run:retryFailed': { input: none, output: RunViewSchema },
  /** Re-render one cell now (Enter in the table). */
  'run:renderCell': { input: cellRef, output: RenderCellSchema },
  'voices:list': { input: z.object({ locale: z.string().max(20).optional() }).strict(), output: z.array(VoiceInfoSchema) },
  'audition:render': {
    input: z.object({ text: z.string().min(1).max(2000), voice: z.string().min(1).max(200), rate: RateSchema, locale: z.string().max(20).optional() }).strict(),
    output: AudioRefSchema,
  },
  'preview:get': { input: cellRef, output: PreviewSchema },
  'settings:get': { input: none, output: SettingsViewSchema },
  'settings:update': { input: SettingsPatchSchema, output: SettingsViewSchema },
  /** Write-only: stores (or with null, forgets) the Azure key. Answers only whether one is set. */
  'settings:setKey': { input: z.object({ key: z.string().max(512).nullable() }).strict(), output: SettingsViewSchema },
  'shell:showInFolder': { input: cellRef.partial(), output: z.object({ path: z.string() }) },
  /** The open course's masters cache: size, what is unused, who else writes the folder. */
  'masters:view': { input: none, output: MastersViewSchema },
  /** Removes the masters the open course no longer needs (never a delivered file). */
  'masters:cleanUnused': { input: none, output: MastersCleanedSchema },
  // The phrase editor (edit-contract.ts): edits, undo/redo and saving happen in main, where the file's text is.
  'edit:apply': { input: z.object({ edit: PhraseEditSchema }).strict(), output: EditResultSchema },
  'edit:undo': { input: none, output: EditStateSchema },
  'edit:redo': { input: none, output: EditStateSchema },
  'edit:save': { input: none, output: EditStateSchema },
  'edit:resolveConflict': { input: ConflictChoiceSchema, output: EditStateSchema },
  'edit:state': { input: none, output: EditStateSchema },
  ...setupContract,
  /** The open course's lesson tracks: build state, file, duration, chapters (deliverables-contract.ts). */
  'tracks:list': { input: none, output: z.array(TrackViewSchema) },
  /** Builds outdated or missing tracks from masters (never a synthesis); 'busy' while a run is on. */
  'tracks:build': { input: none, output: TracksBuildSchema },
  /** Writes exports/{course}.apkg and .csv from the delivered files; 'busy' while a run is on. */
  'export:anki': { input: none, output: AnkiExportSchema },
  ...trackPlaybackContract,
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const CellChangesSchema = z.object({ cells: z.record(z.string(), RenderCellSchema) });

export const eventContract = {
  /** Run state and progress, coalesced to at most ~10 per second. */
  'run:changed': RunViewSchema,
  /** Cell status changes since the last event, batched (~10 per second). */
  'cells:changed': CellChangesSchema,
  /** Live pool gauges, at most ~4 per second while something changes. */
  'pool:changed': PoolGaugesSchema,
  /** A course was opened or edited (voice assigned). */
  'course:changed': CourseViewSchema,
  'settings:changed': SettingsViewSchema,
  /** The phrase editor's state: unsaved edits, undo/redo, a conflict with the file on disk, stale renders. */
  'edit:changed': EditStateSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]>;

/** What the renderer sees as `window.api`. Invoke rejects with an Error whose `code` is the IpcError code. */
export interface StudioApi {
  invoke<C extends InvokeChannel>(channel: C, ...input: InvokeInput<C> extends undefined ? [] : [InvokeInput<C>]): Promise<InvokeOutput<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
