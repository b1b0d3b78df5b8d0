// The CLI bundle's entry. An offline run's eSpeak workers start first, then the rest of the CLI loads
// (~0.2 s of module loading on the main thread) while they load eSpeak on the other cores: the CLI
// prewarms them anyway, only later (generate.ts). A usage error is generate.ts's to report.
import { parseGenerateArgs } from './args';
import { prestartOfflineSynthesizers } from '../main/core/engines/offline/prestart';

try {
  const args = parseGenerateArgs(process.argv.slice(2));
  if (!args.help && args.engine === 'offline') prestartOfflineSynthesizers(args.maxConnections);
} catch {
  // reported by generate.ts, which parses the same arguments
}
await import('./generate');
