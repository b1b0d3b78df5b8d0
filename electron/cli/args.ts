import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { EngineNameSchema, OutputFormatSchema, type EngineName, type OutputFormat } from '../../shared/model/audio';

/** `npm run generate` flags: an interface producers script against. Extend, never rename. */
export const USAGE = `Usage: npm run generate -- <course.json|course.csv> [options]

Renders every phrase x variant of a course to audio files, skipping what an earlier run finished.

Options:
  --out DIR              output folder (default: output/<course id>)
  --engine offline|azure synthesis engine (default: azure when a key is set, else offline)
  --format wav|mp3       audio format (default: the course's, else wav)
  --max-connections N    synthesizers in parallel (offline: worker threads; azure: sockets)
  --json                 print the summary as JSON on the last line of stdout
  --no-tracks            do not build the course's lesson tracks at the end of the run
  --export anki          also write exports/<course>.apkg (Anki deck with audio) and exports/<course>.csv
  --verify               hash every cached master and delivered file instead of trusting
                         size + modification time; anything changed is derived or rendered again
  --azure-key KEY        Azure Speech key (or AZURE_SPEECH_KEY)
  --azure-region REGION  Azure region, e.g. westeurope (or AZURE_SPEECH_REGION)
  --azure-host URL       Speech container or compatible server (or AZURE_SPEECH_HOST)
  --tier f0|s0           the Azure resource's pricing tier, when known (or AZURE_SPEECH_TIER):
                         f0 keeps under its 20 requests per 60 s, s0 under 200 per second
  -h, --help             show this help

Exit status: 0 all renders done, 1 some renders failed or the run stopped, 2 bad usage or course file.`;

export interface GenerateArgs {
  readonly coursePath: string;
  readonly outDir: string | undefined;
  readonly engine: EngineName;
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
  /** Azure pricing tier, when known: sets a client-side rate limit. */
  readonly tier: AzureTier | undefined;
}

export const EXPORT_KINDS = ['anki'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const AZURE_TIER_NAMES = ['f0', 's0'] as const;
export type AzureTier = (typeof AZURE_TIER_NAMES)[number];

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type ParsedArgs = { help: true } | ({ help: false } & GenerateArgs);

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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
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

  const engineValue = values.engine ?? (azure.key ? 'azure' : 'offline');
  const engine = EngineNameSchema.safeParse(engineValue);
  if (!engine.success) throw new UsageError(`--engine must be offline or azure, got "${engineValue}"`);

  let format: OutputFormat | undefined;
  if (values.format !== undefined) {
    const checked = OutputFormatSchema.safeParse(values.format);
    if (!checked.success) throw new UsageError(`--format must be wav or mp3, got "${values.format}"`);
    format = checked.data;
  }

  const defaultConnections = engine.data === 'offline' ? Math.min(2, availableParallelism()) : 8;
  let maxConnections = defaultConnections;
  if (values['max-connections'] !== undefined) {
    maxConnections = Number(values['max-connections']);
    if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 64) {
      throw new UsageError(`--max-connections must be a whole number from 1 to 64, got "${values['max-connections']}"`);
    }
  }

  let tier: AzureTier | undefined;
  const tierValue = values.tier ?? (nonEmpty(env.AZURE_SPEECH_TIER) ? env.AZURE_SPEECH_TIER : undefined);
  if (tierValue !== undefined) {
    const normalized = tierValue.trim().toLowerCase();
    if (!(AZURE_TIER_NAMES as readonly string[]).includes(normalized)) throw new UsageError(`--tier must be f0 or s0, got "${tierValue}"`);
    tier = normalized as AzureTier;
  }

  const exports = (values.export ?? []).flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  const unknownExport = exports.find((value) => !(EXPORT_KINDS as readonly string[]).includes(value));
  if (unknownExport !== undefined) throw new UsageError(`--export must be ${EXPORT_KINDS.join(' or ')}, got "${unknownExport}"`);

  return { help: false, coursePath: positionals[0]!, outDir: values.out, engine: engine.data, format, maxConnections, json: values.json ?? false, verify: values.verify ?? false, noTracks: values['no-tracks'] ?? false, exports: [...new Set(exports as ExportKind[])], azure, tier };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
