/**
 * npm run azure-local -- --batch [--port P] [--key K] [--queue-ms N] [--job-ms N] [--per-input-ms N]
 *                        [--max-inputs N] [--max-payload-bytes N] [--rate N] [--rate-window-ms N]
 *                        [--fail-first-jobs N] [--fail-job-marker TEXT] [--fail-input-marker TEXT] [--seed N]
 *                        [--unavailable]   (every request answered 503: an outage)
 *
 * Prints AZURE_BATCH_URL=http://127.0.0.1:P once listening (use it as --azure-host with
 * --engine azure-batch), runs until SIGINT/SIGTERM, then prints the counters as JSON.
 */
import { parseArgs } from 'node:util';
import { startBatchServer } from './server';

const { values } = parseArgs({
  options: {
    batch: { type: 'boolean' },
    port: { type: 'string' },
    key: { type: 'string' },
    'queue-ms': { type: 'string' },
    'job-ms': { type: 'string' },
    'per-input-ms': { type: 'string' },
    'max-inputs': { type: 'string' },
    'max-payload-bytes': { type: 'string' },
    rate: { type: 'string' },
    'rate-window-ms': { type: 'string' },
    'fail-first-jobs': { type: 'string' },
    'fail-job-marker': { type: 'string' },
    'fail-input-marker': { type: 'string' },
    seed: { type: 'string' },
    unavailable: { type: 'boolean' },
  },
  strict: true,
});

function num(name: string): number | undefined {
  const value = values[name as keyof typeof values];
  if (value === undefined || typeof value === 'boolean') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`azure-local --batch: --${name} needs a number >= 0, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const server = await startBatchServer({
  port: num('port') ?? 0,
  ...(values.key !== undefined ? { key: values.key } : {}),
  ...(num('queue-ms') !== undefined ? { queueMs: num('queue-ms')! } : {}),
  ...(num('job-ms') !== undefined ? { jobBaseMs: num('job-ms')! } : {}),
  ...(num('per-input-ms') !== undefined ? { perInputMs: num('per-input-ms')! } : {}),
  ...(num('max-inputs') !== undefined ? { maxInputs: num('max-inputs')! } : {}),
  ...(num('max-payload-bytes') !== undefined ? { maxPayloadBytes: num('max-payload-bytes')! } : {}),
  ...(num('rate') !== undefined ? { rateLimit: { requests: num('rate')!, windowMs: num('rate-window-ms') ?? 10_000 } } : {}),
  ...(num('fail-first-jobs') !== undefined ? { failFirstJobs: num('fail-first-jobs')! } : {}),
  ...(values['fail-job-marker'] ? { failJobMarker: values['fail-job-marker'] } : {}),
  ...(values['fail-input-marker'] ? { failInputMarker: values['fail-input-marker'] } : {}),
  ...(num('seed') !== undefined ? { seed: num('seed')! } : {}),
  ...(values.unavailable ? { unavailable: true } : {}),
});
process.stdout.write(`AZURE_BATCH_URL=${server.url}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  const counters = server.counters();
  await server.close();
  process.stdout.write(`azure-local --batch: ${signal}, counters:\n${JSON.stringify(counters, null, 2)}\n`);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
