import { resolve, join } from 'node:path';
import { loadCourseFile } from '../main/core/course/load-course';
import { CourseLoadError } from '../main/core/course/course-issue';
import { createEngine, EngineUnavailableError } from '../main/core/engines/create-engine';
import { EnginePool } from '../main/core/engines/engine-pool';
import { CourseRun } from '../main/core/run/course-run';
import type { RunSummary } from '../../shared/model/run-summary';
import { parseGenerateArgs, UsageError, USAGE } from './args';
import { buildDeliverables } from './deliverables';
import { createProgressReporter, formatDuration } from './progress-reporter';
import { findVoiceProblems } from '../main/core/engines/voice-check';
import { azureRunDefaults, type AzureRunDefaults } from '../main/core/engines/azure/run-defaults';
import { isSynthesisError } from '../main/core/engines/synthesis-error';
import { outFolderProblem } from './out-folder';
import { cancelOnInterrupt, INTERRUPTED_EXIT_CODE } from './interrupt';
import { claimOutputFolder, prepareRun } from './output-folder';
import type { Mp3Bitrate } from '../main/core/output/mp3';

/**
 * Headless generation: the same core the studio uses, driven from a terminal or a script.
 * Exit 0: every render done. 1: some failed, or the run stopped. 2: bad usage or course. 130: Ctrl+C (interrupt.ts).
 */
async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseGenerateArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let loaded;
  try {
    loaded = await loadCourseFile(args.coursePath);
  } catch (error) {
    if (error instanceof CourseLoadError) {
      process.stderr.write(`The course file cannot be used:\n${error.issues.length > 1 ? error.message.replace(/^/gm, '  ') : `  ${error.message}`}\n`);
      return 2;
    }
    throw error;
  }
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
  const { course } = loaded;
  const format = args.format ?? course.output?.format ?? 'wav';
  const outDir = resolve(args.outDir ?? join('output', course.id));

  // Azure: recycle synthesizers by age and calls, bound every call, start the adaptive concurrency
  // modestly and let it climb, and keep under a known tier's quota (engines/azure/run-defaults.ts).
  let azure: AzureRunDefaults | undefined;
  if (args.engine === 'azure') {
    try {
      azure = azureRunDefaults({ maxConnections: args.maxConnections, ...(args.tier ? { tier: args.tier } : {}) });
    } catch (error) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return 2;
    }
  } else if (args.tier) process.stderr.write('warning: --tier applies to the azure engine only; ignored\n');

  let engine;
  try {
    engine = await createEngine({
      engine: args.engine,
      azure: args.azure,
      // Engines synthesize masters (PCM WAV); MP3 is derived locally from them.
      ...(azure ? { azureTuning: { callTimeoutMs: azure.callTimeoutMs, connectTimeoutMs: azure.connectTimeoutMs, format: 'wav' as const } } : {}),
    });
  } catch (error) {
    if (error instanceof EngineUnavailableError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const pool = new EnginePool(engine, azure ? azure.pool : { maxConnections: args.maxConnections });
  const run = new CourseRun({
    course,
    outDir,
    engine: args.engine,
    format,
    pool,
    maxConcurrency: args.maxConnections,
    ...(azure ? { initialConcurrency: azure.initialConcurrency } : {}),
    ...(azure?.rateLimit ? { rateLimit: azure.rateLimit } : {}),
    verify: args.verify,
    ...(course.output?.bitrate ? { mp3Bitrate: course.output.bitrate as Mp3Bitrate } : {}),
    report: (line) => void process.stderr.write(`note: ${line}\n`),
  });

  const outProblem = await outFolderProblem(outDir, run.jobs.reduce((longest, job) => (job.file.length > longest.length ? job.file : longest), ''));
  if (outProblem) {
    process.stderr.write(`error: ${outProblem}\n`);
    await pool.close();
    return 2;
  }

  // One writer per folder: a second run on it exits 2 at once, before anything is synthesized.
  const folder = await claimOutputFolder(outDir);
  if (!folder.ok) {
    process.stderr.write(`error: ${folder.message}\n`);
    await pool.close();
    return folder.exitCode;
  }
  const giveUp = async (code: number): Promise<number> => {
    await pool.close();
    await folder.lock.release();
    return code;
  };

  let voiceProblems: string[];
  try {
    voiceProblems = await findVoiceProblems(engine, run.jobs, loaded.file, loaded.voicePlace);
  } catch (error) {
    // Without the voice list the run can still go ahead (a wrong voice then fails its renders only),
    // unless the service refused the key: then every call would be refused too.
    if (isSynthesisError(error) && (error.kind === 'auth' || error.kind === 'quota')) {
      process.stderr.write(`error: ${error.message}\n`);
      return giveUp(1);
    }
    process.stderr.write(`warning: could not check the course's voices: ${(error as Error).message}\n`);
    voiceProblems = [];
  }
  if (voiceProblems.length) {
    process.stderr.write(`The course uses voices the ${args.engine} engine cannot speak:\n${voiceProblems.map((p) => `  ${p}`).join('\n')}\n`);
    return giveUp(2);
  }

  const reporter = createProgressReporter();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const interrupt = cancelOnInterrupt(() => {
    reporter.stop();
    run.cancel();
  }, log);

  const prepared = await prepareRun(run);
  if (!prepared.ok) {
    process.stderr.write(`error: ${prepared.message}\n`);
    await pool.close();
    await run.close().catch(() => undefined);
    await folder.lock.release();
    return 1;
  }
  const { toRender, cached } = prepared.prepared;
  const parallel = azure ? `up to ${args.maxConnections} connections, starting at ${azure.initialConcurrency}${azure.rateLimit ? `, at most ${azure.rateLimit.count} requests per ${azure.rateLimit.intervalMs / 1000} s` : ''}` : `${args.maxConnections} in parallel`;
  log(`${course.title}: ${run.jobs.length} renders, ${cached.length} already done, ${toRender.length} to render with the ${args.engine} engine (${parallel}, ${format}) into ${outDir}`);
  pool.onCapacityChange(({ max, configuredMax, reason }) => {
    if (reason === 'learned-cap') log(`The service limits connections: using ${max} of ${configuredMax}`);
  });

  let note = '';
  run.on('state', (state) => {
    note = state === 'holding' ? 'waiting: the service asked us to slow down' : state === 'paused' ? 'paused' : '';
  });
  const ticker = setInterval(() => {
    const snapshot = run.snapshot();
    if (snapshot) reporter.update(snapshot.progress, note);
  }, 200);
  let summary: RunSummary;
  let deliverablesError: string | undefined;
  try {
    summary = await run.run();
    if (!interrupt.interrupted && summary.state !== 'cancelled') {
      const mp3Bitrate = course.output?.bitrate as Mp3Bitrate | undefined;
      ({ summary, error: deliverablesError } = await buildDeliverables(summary, { course, outDir, engine: args.engine, format, ...(mp3Bitrate ? { mp3Bitrate } : {}), tracks: !args.noTracks, exports: args.exports, log }));
    }
  } finally {
    clearInterval(ticker);
    const snapshot = run.snapshot();
    if (snapshot && !interrupt.interrupted) reporter.update(snapshot.progress, note);
    reporter.stop();
    await pool.close();
    await folder.lock.release();
  }

  const out = args.json ? process.stderr : process.stdout;
  out.write(humanSummary(summary));
  if (deliverablesError) process.stderr.write(`error: ${deliverablesError}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (interrupt.interrupted) return INTERRUPTED_EXIT_CODE;
  if (deliverablesError) return 1;
  return summary.failed === 0 && summary.state === 'finished' ? 0 : 1;
}

function humanSummary(summary: RunSummary): string {
  const lines = [
    `\n${summary.state === 'finished' ? 'Done' : summary.state === 'cancelled' ? 'Cancelled' : 'Stopped'}: ${summary.rendered} rendered, ${summary.cached} cached, ${summary.written} written, ${summary.failed} failed` +
      `${summary.pending ? `, ${summary.pending} not attempted` : ''} of ${summary.total} in ${formatDuration(summary.elapsedMs)}` +
      `${summary.rendered ? ` (${summary.rendersPerSecond.toFixed(1)} renders/s)` : ''}.`,
  ];
  if (summary.stopReason) lines.push(`The run stopped: ${summary.stopReason}`);
  if (summary.failures.length) {
    lines.push('Failed renders:');
    for (const failure of summary.failures) lines.push(`  ${failure.phrase} / ${failure.variant}: ${failure.reason} [${failure.kind}, ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}]`);
  }
  if (summary.qa?.length) {
    lines.push(`QA: ${summary.qa.length} render${summary.qa.length === 1 ? '' : 's'} to listen to:`);
    for (const finding of summary.qa) lines.push(`  ${finding.phrase} / ${finding.variant}: ${finding.flags.join(', ')} (${finding.file})`);
  }
  lines.push(`Audio and manifest: ${summary.manifest}`);
  return lines.join('\n') + '\n';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
