/**
 * `npm run bench -- soak [--azure] [--phrases=N]`: a whole course to the end through the real
 * StudioService (no window: the service's own events are counted), to see whether a long run stays
 * small. Memory is sampled after a forced GC before the course is opened, once its plan is built
 * ("start"), and at 25, 50, 75 and 100 % of the renders; event rates per channel over the run.
 *
 * Offline (default): the 10,000-phrase benchmark course (30,000 renders, real eSpeak workers).
 * --azure: a shortened course (default 600 phrases) against the local Azure server (its own process)
 * with faults on (a TPS quota closed with 4429, dropped audio, a connection cap), through the real Speech SDK.
 *
 * Targets (issue 8 C): after the plan is built, heap within +/-10 % from 25 % to 100 %, RSS growth
 * < 50 MB over the whole run. Run with NODE_OPTIONS=--expose-gc for the cleanest GC (without it the
 * bench switches gc on through V8's flags).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventChannel } from '../../shared/ipc/channels';
import type { EventSink } from '../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator } from '../../electron/main/core/shutdown';
import { engineFactory } from '../../electron/main/core/studio/engine-factory';
import { StudioService } from '../../electron/main/core/studio/studio-service';
import { bigCourse } from './big-course';
import { forceGc } from './force-gc';

export interface SoakOptions {
  readonly azure?: boolean;
  readonly phrases?: number;
}

export interface SoakRow {
  point: string;
  renders: number;
  rssMiB: number;
  heapMiB: number;
  /** Memory outside the JS heap that JS objects own (Buffers, ArrayBuffers: audio). */
  externalMiB: number;
  seconds: number;
  [key: string]: string | number;
}

export interface SoakResult {
  readonly rows: SoakRow[];
  readonly notes: string[];
}

const MiB = 2 ** 20;

/** Counts events per channel; keeps no payloads (the bench must not grow by itself). */
class CountingSink implements EventSink {
  readonly counts = new Map<EventChannel, number>();
  emit(event: EventChannel): void {
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
  }
}

function sample(point: string, renders: number, startedAt: number): SoakRow {
  forceGc();
  const memory = process.memoryUsage();
  return {
    point,
    renders,
    rssMiB: round(memory.rss / MiB),
    heapMiB: round(memory.heapUsed / MiB),
    externalMiB: round(memory.external / MiB),
    seconds: round((performance.now() - startedAt) / 1000),
  };
}

/**
 * The local Azure server in a child process of its own, so its memory (an audio cache of up to 64 MiB,
 * its sockets) is not counted as the studio's: throttles by a TPS quota closed with 4429, 1 % of turns
 * dropped mid-audio, a connection cap.
 */
async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const args = [
    'tests/support/azure-server/cli.ts',
    '--port',
    '0',
    '--cap',
    '12',
    '--connect-ms',
    '10',
    '--latency-ms',
    '30',
    '--per-char-ms',
    '0.3',
    '--tps',
    '60',
    '--tps-code',
    '4429',
    '--drop-rate',
    '0.01',
    '--seed',
    '8',
  ];
  const child = spawn(join('node_modules', '.bin', 'tsx'), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    const match = /AZURE_LOCAL_URL=(\S+)/.exec(seen);
    if (match) return { url: match[1]!, child };
  }
  throw new Error(`the local Azure server did not start: ${seen}`);
}

const round = (value: number): number => Math.round(value * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoakBench(options: SoakOptions = {}): Promise<SoakResult> {
  const azure = options.azure ?? false;
  const phrases = options.phrases ?? (azure ? 600 : 10_000);
  const dir = await mkdtemp(join(tmpdir(), 'soak-'));
  let server: { url: string; child: ChildProcess } | undefined;
  const sink = new CountingSink();
  const secrets = new FileSecretBox(join(dir, 'settings'));
  const settings = new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') });
  const service = new StudioService({
    settings,
    secrets,
    createEngine: engineFactory(secrets),
    events: sink,
    audioUrl: (token) => `/audio/${token}`,
    auditionCacheDir: join(dir, 'audition'),
    transport: 'bridge',
  });
  const rows: SoakRow[] = [];
  const notes: string[] = [];
  try {
    if (azure) {
      server = await startServerProcess();
      await service.settings.update({ engine: 'azure', azure: { host: server.url }, maxConnections: 16 });
      await service.settings.setKey('soak-key');
    }
    const t0 = performance.now();
    rows.push(sample('before open', 0, t0));
    const text = JSON.stringify(bigCourse(phrases));
    await service.course.importText(`soak-${phrases}.json`, text);
    const planned = sample('start (plan built)', 0, t0);
    rows.push(planned);
    const planBytesPerPhrase = ((planned.heapMiB - rows[0]!.heapMiB) * MiB) / phrases;

    const runStarted = performance.now();
    await service.runs.startRun();
    const total = service.runView().progress.total;
    // 1 %: the run's own cost is in (its queue items, the workers or sockets), before any growth per render.
    for (const percent of [1, 25, 50, 75]) {
      for (;;) {
        const progress = service.runView().progress;
        if (progress.done + progress.failed >= (total * percent) / 100 || ['finished', 'stopped', 'cancelled'].includes(service.runView().state)) break;
        await sleep(100);
      }
      rows.push(sample(`${percent} %`, service.runView().progress.done, t0));
    }
    while (service.runs.activeRun() || !['finished', 'stopped', 'cancelled'].includes(service.runView().state)) await sleep(100);
    const runSeconds = (performance.now() - runStarted) / 1000;
    const end = service.runView();
    rows.push(sample(`100 % (${end.state})`, end.progress.done, t0));

    const at25 = rows.find((row) => row.point === '25 %')!;
    const deviations = rows.slice(rows.indexOf(at25)).map((row) => (row.heapMiB - at25.heapMiB) / at25.heapMiB);
    const worst = deviations.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    const at1 = rows.find((row) => row.point === '1 %')!;
    const rssGrowth = rows.at(-1)!.rssMiB - at1.rssMiB;
    const rssRunStart = at1.rssMiB - planned.rssMiB;
    const heapRunStart = at1.heapMiB - planned.heapMiB;
    const rates = [...sink.counts].map(([channel, count]) => `${channel} ${round(count / runSeconds)}/s`).join(', ');
    notes.push(
      `${azure ? 'Azure (local server in its own process: a 60 turns/s quota closed with 4429, 1 % of turns dropped mid-audio, a cap of 12 connections)' : 'Offline engine'}: ${phrases.toLocaleString('en')} phrases, ${total.toLocaleString('en')} renders, ${end.progress.done.toLocaleString('en')} done, ${end.progress.failed} failed in ${round(runSeconds)} s (${round(end.progress.done / runSeconds)} renders/s).`,
      `Plan's own cost: ${round(planned.heapMiB - rows[0]!.heapMiB)} MiB of heap for ${phrases.toLocaleString('en')} phrases = ${Math.round(planBytesPerPhrase).toLocaleString('en')} bytes per phrase (${Math.round(planBytesPerPhrase / 3).toLocaleString('en')} per render).`,
      `Heap from 25 % to 100 %: worst ${worst >= 0 ? '+' : ''}${round(worst * 100)} % (target within +/-10 %) -> ${Math.abs(worst) <= 0.1 ? 'met' : 'MISSED'}.`,
      `RSS growth over the run, 1 % -> 100 %: ${round(rssGrowth)} MiB (target < 50 MB) -> ${rssGrowth < 50 ? 'met' : 'MISSED'}.`,
      `Starting the run (plan built -> 1 %): RSS +${round(rssRunStart)} MiB (the ${azure ? 'SDK and its sockets' : 'eSpeak workers: each a WebAssembly instance'}, the run's own copy of the plan and its queue), heap +${round(heapRunStart)} MiB; released as renders finish (heap 25 % -> 100 % above).`,
      `Events per second during the run: ${rates}.`,
    );
  } finally {
    await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 10_000 }).shutdown();
    if (server) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
