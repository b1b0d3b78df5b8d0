/**
 * npm run azure-local -- [--port P] [--key K] [--cap N] [--tps N] [--tps-window-ms MS] [--tps-code 1007|4429]
 *                        [--connect-ms N] [--latency-ms N] [--per-char-ms N] [--jitter F]
 *                        [--idle-close-ms N] [--max-lifetime-ms N] [--drop-rate F] [--stall-rate F]
 *                        [--seed N]
 *
 * Prints AZURE_LOCAL_URL=http://127.0.0.1:P once listening, runs until SIGINT/SIGTERM, then
 * prints the counters as JSON. --latency-ms is the first-byte latency; --tps is turns per second.
 */
import { parseArgs } from 'node:util';
import { startAzureServer } from './server';
import type { AzureServerOptions } from './types';

// `--batch`: the batch synthesis REST server instead (tests/support/azure-batch-server), with its own flags.
if (process.argv.includes('--batch')) {
  await import('../azure-batch-server/cli');
  await new Promise<never>(() => undefined); // it runs until a signal; never parse the WebSocket server's flags
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    key: { type: 'string' },
    cap: { type: 'string' },
    tps: { type: 'string' },
    'tps-window-ms': { type: 'string' },
    'tps-code': { type: 'string' },
    'connect-ms': { type: 'string' },
    'latency-ms': { type: 'string' },
    'per-char-ms': { type: 'string' },
    jitter: { type: 'string' },
    'idle-close-ms': { type: 'string' },
    'max-lifetime-ms': { type: 'string' },
    'drop-rate': { type: 'string' },
    'stall-rate': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(
    'usage: npm run azure-local -- [--port P] [--key K] [--cap N] [--tps N] [--tps-window-ms MS] [--tps-code 1007|4429]\n' +
      '       [--connect-ms N] [--latency-ms N] [--per-char-ms N] [--jitter F] [--idle-close-ms N] [--max-lifetime-ms N]\n' +
      '       [--drop-rate F] [--stall-rate F] [--seed N]\n',
  );
  process.exit(0);
}

function num(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`azure-local: --${name} needs a number >= 0, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const tps = num('tps', values.tps);
const tpsCode = num('tps-code', values['tps-code']);
if (tpsCode !== undefined && tpsCode !== 1007 && tpsCode !== 4429) {
  process.stderr.write('azure-local: --tps-code must be 1007 or 4429\n');
  process.exit(2);
}
const rates: Record<string, number> = {};
const dropRate = num('drop-rate', values['drop-rate']);
const stallRate = num('stall-rate', values['stall-rate']);
if (dropRate) rates['drop-mid-audio'] = dropRate;
if (stallRate) rates.stall = stallRate;

const options: AzureServerOptions = {
  port: num('port', values.port) ?? 0,
  key: values.key,
  connectionCap: num('cap', values.cap),
  tps: tps === undefined ? undefined : { limit: tps, windowMs: num('tps-window-ms', values['tps-window-ms']) ?? 1000, closeCode: tpsCode === 4429 ? 4429 : 1007 },
  latency: {
    connectMs: num('connect-ms', values['connect-ms']) ?? 0,
    firstByteMs: num('latency-ms', values['latency-ms']) ?? 0,
    perCharMs: num('per-char-ms', values['per-char-ms']) ?? 0,
    jitter: num('jitter', values.jitter) ?? 0,
  },
  idleCloseMs: num('idle-close-ms', values['idle-close-ms']),
  maxSocketLifetimeMs: num('max-lifetime-ms', values['max-lifetime-ms']),
  faults: { rates },
  seed: num('seed', values.seed) ?? 1,
};

const server = await startAzureServer(options);
process.stdout.write(`AZURE_LOCAL_URL=${server.url}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) process.exit(1); // a second signal forces exit
  stopping = true;
  const counters = server.counters();
  await server.close();
  process.stdout.write(`azure-local: ${signal}, counters:\n${JSON.stringify(counters, null, 2)}\n`);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
