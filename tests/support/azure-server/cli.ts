/**
 * npm run azure-local -- [--port P] [--key K] [--cap N] [--cap-signal 429|4429] [--concurrency N]
 *                        [--tps N] [--tps-window-ms MS] [--tps-code 4429|1007|429]
 *                        [--connect-ms N] [--latency-ms N] [--per-char-ms N] [--jitter F]
 *                        [--idle-close-ms N] [--max-lifetime-ms N] [--drop-rate F] [--stall-rate F]
 *                        [--throttle-rate F] [--seed N]
 *
 * Prints AZURE_LOCAL_URL=http://127.0.0.1:P once listening, runs until SIGINT/SIGTERM, then
 * prints the counters as JSON. The defaults are the real service's, not a convenient server's
 * (REALISTIC_DEFAULTS below; README.md says where each comes from).
 */
import { parseArgs } from 'node:util';
import { startAzureServer } from './server';
import type { AzureServerOptions } from './types';

/** S0's quota signalled as the public reports show it, with latencies of the order Azure's neural voices have. */
export const REALISTIC_DEFAULTS = {
  connectMs: 150,
  firstByteMs: 200,
  perCharMs: 5,
  jitter: 0.2,
  tps: 200,
  tpsWindowMs: 1000,
  tpsCode: 4429,
  idleCloseMs: 180_000,
  maxLifetimeMs: 10 * 60_000,
} as const;

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
    'cap-signal': { type: 'string' },
    concurrency: { type: 'string' },
    'throttle-rate': { type: 'string' },
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
    'usage: npm run azure-local -- [--port P] [--key K] [--cap N] [--cap-signal 429|4429] [--concurrency N]\n' +
      '       [--tps N] [--tps-window-ms MS] [--tps-code 4429|1007|429] [--connect-ms N] [--latency-ms N] [--per-char-ms N]\n' +
      '       [--jitter F] [--idle-close-ms N] [--max-lifetime-ms N] [--drop-rate F] [--stall-rate F] [--throttle-rate F] [--seed N]\n' +
      `defaults (the real service's): --tps ${REALISTIC_DEFAULTS.tps} per ${REALISTIC_DEFAULTS.tpsWindowMs} ms signalled by ${REALISTIC_DEFAULTS.tpsCode}, ` +
      `--connect-ms ${REALISTIC_DEFAULTS.connectMs} --latency-ms ${REALISTIC_DEFAULTS.firstByteMs} --per-char-ms ${REALISTIC_DEFAULTS.perCharMs} ` +
      `--jitter ${REALISTIC_DEFAULTS.jitter} --idle-close-ms ${REALISTIC_DEFAULTS.idleCloseMs} --max-lifetime-ms ${REALISTIC_DEFAULTS.maxLifetimeMs}; ` +
      'no connection cap, no concurrency limit (the docs give none for TTS). --tps 0, --idle-close-ms 0, --max-lifetime-ms 0: none.\n',
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

const tps = num('tps', values.tps) ?? REALISTIC_DEFAULTS.tps;
const tpsCode = num('tps-code', values['tps-code']) ?? REALISTIC_DEFAULTS.tpsCode;
if (tpsCode !== 1007 && tpsCode !== 4429 && tpsCode !== 429) {
  process.stderr.write('azure-local: --tps-code must be 4429, 1007 or 429\n');
  process.exit(2);
}
const capSignal = num('cap-signal', values['cap-signal']) ?? 429;
if (capSignal !== 429 && capSignal !== 4429) {
  process.stderr.write('azure-local: --cap-signal must be 429 or 4429\n');
  process.exit(2);
}
const idleCloseMs = num('idle-close-ms', values['idle-close-ms']) ?? REALISTIC_DEFAULTS.idleCloseMs;
const maxLifetimeMs = num('max-lifetime-ms', values['max-lifetime-ms']) ?? REALISTIC_DEFAULTS.maxLifetimeMs;
const rates: Record<string, number> = {};
const dropRate = num('drop-rate', values['drop-rate']);
const stallRate = num('stall-rate', values['stall-rate']);
if (dropRate) rates['drop-mid-audio'] = dropRate;
if (stallRate) rates.stall = stallRate;
const throttleRate = num('throttle-rate', values['throttle-rate']);
if (throttleRate) rates['close-4429'] = throttleRate;

const options: AzureServerOptions = {
  port: num('port', values.port) ?? 0,
  key: values.key,
  connectionCap: num('cap', values.cap),
  connectionCapSignal: capSignal,
  concurrencyLimit: num('concurrency', values.concurrency),
  tps: tps > 0 ? { limit: tps, windowMs: num('tps-window-ms', values['tps-window-ms']) ?? REALISTIC_DEFAULTS.tpsWindowMs, closeCode: tpsCode } : undefined,
  latency: {
    connectMs: num('connect-ms', values['connect-ms']) ?? REALISTIC_DEFAULTS.connectMs,
    firstByteMs: num('latency-ms', values['latency-ms']) ?? REALISTIC_DEFAULTS.firstByteMs,
    perCharMs: num('per-char-ms', values['per-char-ms']) ?? REALISTIC_DEFAULTS.perCharMs,
    jitter: num('jitter', values.jitter) ?? REALISTIC_DEFAULTS.jitter,
  },
  ...(idleCloseMs > 0 ? { idleCloseMs } : {}),
  ...(maxLifetimeMs > 0 ? { maxSocketLifetimeMs: maxLifetimeMs } : {}),
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
