import { defaultOfflineWorkers } from '../main/core/engines/offline/default-workers';
import { parseArgs } from 'node:util';
import { EngineNameSchema, OutputFormatSchema, type EngineName, type OutputFormat } from '../../shared/model/audio';
import { DEFAULT_GIVE_UP_AFTER_MS, type AzureTierSetting } from '../main/core/engines/azure/run-defaults';
import { azureHostProblem } from '../main/core/settings/azure-endpoint';
import { SETTINGS_LIMITS } from '../../shared/model/settings-limits';

/** `npm run generate` flags: an interface producers script against. Extend, never rename. */
export const USAGE = `Usage: npm run generate -- <course.json|course.csv> [options]

Renders every phrase x variant of a course to audio files, skipping what an earlier run finished.

Options:
  --out DIR              output folder (default: output/<course id>)
  --engine offline|azure synthesis engine (default: azure when a key is set, else offline)
  --engine azure-batch   Azure through its batch synthesis API, for very large runs: jobs are
                         submitted, polled and downloaded (no sockets held); a run closed after
                         submitting is picked up by the next run on the same --out
  --format wav|mp3       audio format (default: the course's, else wav)
  --max-connections N    synthesizers in parallel (offline: eSpeak worker threads, default one core
                         fewer than the machine has, 1-2; azure: sockets, default 8)
  --json                 print the summary as JSON on the last line of stdout
  --no-tracks            do not build the course's lesson tracks at the end of the run
  --export anki          also write exports/<course>.apkg (Anki deck with audio) and exports/<course>.csv
  --verify               hash every cached master and delivered file instead of trusting
                         size + modification time; anything changed is derived or rendered again
  --azure-key KEY        Azure Speech key (or AZURE_SPEECH_KEY)
  --azure-region REGION  Azure region, e.g. westeurope (or AZURE_SPEECH_REGION)
  --azure-host URL       Speech container or compatible server (or AZURE_SPEECH_HOST): https://,
                         or http:// only on this computer (the key is sent there)
  --tier f0|s0|RPS       the Azure resource's pricing tier, when known (or AZURE_SPEECH_TIER):
                         f0 keeps under its 20 requests per 60 s, s0 under 200 per second,
                         a number under that many requests per second (a custom quota)
  --give-up-after SECONDS  stop when the service completed no render for this long (default 600);
                         unfinished renders stay pending for the next run
  -h, --help             show this help

Exit status: 0 all renders done, 1 some renders failed or the run stopped, 2 bad usage or course file.`;

export interface GenerateArgs {
  readonly coursePath: string;
  readonly outDir: string | undefined;
  readonly engine: EngineName;
  /** `--engine azure-batch`: the azure engine through the batch synthesis API. */
  readonly batch: boolean;
  readonly format: OutputFormat | undefined;
  readonly maxConnections: number;
  readonly json: boolean;
  /** Hash every master and delivered file on open (instead of the size + mtime quick check). */
  readonly verify: boolean;
  /** Skip building the course's lesson tracks at the end of the run. */
  readonly noTracks: boolean;
  /** Exports to write at the end of the run. */
  readonly exports: readonly ExportKind[];
  readonly azure: { readonly key?: string; readonly region?: string; readonly host?: string };
  /** Azure pricing tier or custom requests per second, when known: sets a client-side rate limit. */
  readonly tier: AzureTierSetting | undefined;
  /** Stop after this long without a completed render. */
  readonly giveUpAfterMs: number;
}

export const EXPORT_KINDS = ['anki'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const AZURE_TIER_NAMES = ['f0', 's0'] as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type ParsedArgs = { help: true } | ({ help: false } & GenerateArgs);

/**
 * node:util's parse errors, said for a producer: a value-taking option followed by another option
 * ("--format --out x": node calls it "ambiguous") names the option, what follows it and how to write it.
 */
function usageMessageOf(message: string, argv: readonly string[]): string {
  const ambiguous = /^Option '(--[\w-]+)(?: <value>)?' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const option = ambiguous[1]!;
    const next = argv[argv.indexOf(option) + 1];
    return `${option} needs a value${next ? `, but is followed by ${next}` : ''}: write ${option} <value> (a value that starts with a dash as ${option}=-value)`;
  }
  return message.replace(/\. To specify a positional argument.*$/s, '.');
}

export function parseGenerateArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        engine: { type: 'string' },
        format: { type: 'string' },
        'max-connections': { type: 'string' },
        json: { type: 'boolean', default: false },
        verify: { type: 'boolean', default: false },
        'no-tracks': { type: 'boolean', default: false },
        export: { type: 'string', multiple: true },
        'azure-key': { type: 'string' },
        'azure-region': { type: 'string' },
        'azure-host': { type: 'string' },
        tier: { type: 'string' },
        'give-up-after': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(usageMessageOf((error as Error).message, argv));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('Missing the course file: npm run generate -- <course.json|course.csv>');
  if (positionals.length > 1) throw new UsageError(`Expected one course file, got ${positionals.length}: ${positionals.join(' ')}`);

  const azure = {
    ...(nonEmpty(values['azure-key'] ?? env.AZURE_SPEECH_KEY) ? { key: (values['azure-key'] ?? env.AZURE_SPEECH_KEY)!.trim() } : {}),
    ...(nonEmpty(values['azure-region'] ?? env.AZURE_SPEECH_REGION) ? { region: (values['azure-region'] ?? env.AZURE_SPEECH_REGION)!.trim() } : {}),
    ...(nonEmpty(values['azure-host'] ?? env.AZURE_SPEECH_HOST) ? { host: (values['azure-host'] ?? env.AZURE_SPEECH_HOST)!.trim() } : {}),
  };

  // The studio's rule for a custom host (https, or http only on this computer): the key travels there.
  const hostProblem = azure.host !== undefined ? azureHostProblem(azure.host) : undefined;
  if (hostProblem) throw new UsageError(`${values['azure-host'] !== undefined ? '--azure-host' : 'AZURE_SPEECH_HOST'}: ${hostProblem}`);

  const engineValue = values.engine ?? (azure.key ? 'azure' : 'offline');
  // azure-batch is the same service's audio (same keys, masters, journal), sent another way.
  const batch = engineValue === 'azure-batch';
  const engine = EngineNameSchema.safeParse(batch ? 'azure' : engineValue);
  if (!engine.success) throw new UsageError(`--engine must be offline, azure or azure-batch, got "${engineValue}"`);

  let format: OutputFormat | undefined;
  if (values.format !== undefined) {
    const checked = OutputFormatSchema.safeParse(values.format);
    if (!checked.success) throw new UsageError(`--format must be wav or mp3, got "${values.format}"`);
    format = checked.data;
  }

  const defaultConnections = engine.data === 'offline' ? defaultOfflineWorkers() : 8;
  let maxConnections = defaultConnections;
  if (values['max-connections'] !== undefined) {
    maxConnections = Number(values['max-connections']);
    const { min, max } = SETTINGS_LIMITS.maxConnections;
    if (!Number.isInteger(maxConnections) || maxConnections < min || maxConnections > max) {
      throw new UsageError(`--max-connections must be a whole number from ${min} to ${max}, got "${values['max-connections']}"`);
    }
  }

  let tier: AzureTierSetting | undefined;
  const tierValue = values.tier ?? (nonEmpty(env.AZURE_SPEECH_TIER) ? env.AZURE_SPEECH_TIER : undefined);
  if (tierValue !== undefined) {
    const normalized = tierValue.trim().toLowerCase();
    const rps = Number(normalized);
    if ((AZURE_TIER_NAMES as readonly string[]).includes(normalized)) tier = normalized as 'f0' | 's0';
    else if (normalized !== '' && Number.isFinite(rps) && rps > 0 && rps <= 1000) tier = { requestsPerSecond: rps };
    else throw new UsageError(`--tier must be f0, s0 or requests per second (0 < N <= 1000), got "${tierValue}"`);
  }

  let giveUpAfterMs = DEFAULT_GIVE_UP_AFTER_MS;
  if (values['give-up-after'] !== undefined) {
    const seconds = Number(values['give-up-after']);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--give-up-after must be a number of seconds > 0, got "${values['give-up-after']}"`);
    giveUpAfterMs = Math.round(seconds * 1000);
  }

  // An empty --out (an unset variable in a script) would silently mean the current folder.
  if (values.out !== undefined && !values.out.trim()) throw new UsageError('--out needs a folder path, got an empty one (leave --out out for output/<course id>)');

  const exports = (values.export ?? []).flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  const unknownExport = exports.find((value) => !(EXPORT_KINDS as readonly string[]).includes(value));
  if (unknownExport !== undefined) throw new UsageError(`--export must be ${EXPORT_KINDS.join(' or ')}, got "${unknownExport}"`);

  return {
    help: false,
    coursePath: positionals[0]!,
    outDir: values.out,
    engine: engine.data,
    batch,
    format,
    maxConnections,
    json: values.json ?? false,
    verify: values.verify ?? false,
    noTracks: values['no-tracks'] ?? false,
    exports: [...new Set(exports as ExportKind[])],
    azure,
    tier,
    giveUpAfterMs,
  };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
