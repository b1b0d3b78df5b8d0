/**
 * The Azure benchmark's own flags: `--scenario a[,b]` and `--strategy x[,y]` (each also as
 * `--scenario=a,b`), so one throttle form can be re-measured without the full run of every scenario.
 * The rows keep the table's order and the `--json` shape is unchanged: a filter only leaves rows out.
 */
import { STRATEGIES } from './azure';
import { SCENARIOS, type ScenarioName } from './azure-scenarios';
import type { StrategyName } from './azure-strategies/common';

export interface AzureBenchFilter {
  readonly scenarios?: readonly ScenarioName[];
  readonly strategies?: readonly StrategyName[];
}

/** The flags that take a value (index.ts must not read that value as a bench name). */
export const AZURE_VALUE_FLAGS = ['--scenario', '--strategy'] as const;

/** Reads the filter from the command line's arguments; throws an Error with a one-line message on a bad value. */
export function parseAzureBenchArgs(args: readonly string[]): AzureBenchFilter {
  const scenarios = listFlag(args, '--scenario', SCENARIOS);
  const strategies = listFlag(args, '--strategy', STRATEGIES);
  return { ...(scenarios ? { scenarios } : {}), ...(strategies ? { strategies } : {}) };
}

/** The arguments without the filter's flags and their values (what is left are bench names and switches). */
export function withoutAzureFilterArgs(args: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((AZURE_VALUE_FLAGS as readonly string[]).includes(arg)) i++;
    else if (!AZURE_VALUE_FLAGS.some((flag) => arg.startsWith(`${flag}=`))) rest.push(arg);
  }
  return rest;
}

function listFlag<T extends string>(args: readonly string[], flag: string, known: readonly T[]): T[] | undefined {
  const values: string[] = [];
  let seen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let value: string | undefined;
    if (arg === flag) {
      value = args[i + 1];
      i++;
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value: ${flag} ${known[0]}[,${known[1] ?? known[0]}] (one of ${known.join(', ')})`);
    } else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
    else continue;
    seen = true;
    values.push(
      ...value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    );
  }
  if (!seen) return undefined;
  const unknown = values.filter((value) => !(known as readonly string[]).includes(value));
  if (unknown.length) throw new Error(`${flag}: unknown ${unknown.map((value) => `"${value}"`).join(', ')}; choose from ${known.join(', ')}`);
  if (!values.length) throw new Error(`${flag} needs at least one of ${known.join(', ')}`);
  // The table's order, each once, whatever order they were given in.
  return known.filter((name) => values.includes(name));
}
