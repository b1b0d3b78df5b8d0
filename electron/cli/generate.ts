import { resolve, join } from 'node:path';
import { loadCourseFile } from '../main/core/course/load-course';
import { CourseLoadError } from '../main/core/course/course-issue';
import { createEngine, EngineUnavailableError } from '../main/core/engines/create-engine';
import { checkRunEnvironment, setUpRun, type RunSetup } from '../main/core/run/run-setup';
import type { RunSummary } from '../../shared/model/run-summary';
import { parseGenerateArgs, UsageError, USAGE } from './args';
import { buildDeliverables } from './deliverables';
import { createProgressReporter, formatDuration } from './progress-reporter';
import { isSynthesisError } from '../main/core/engines/synthesis-error';
import { voiceProblemsMessage } from '../main/core/engines/voice-check';
import { outFolderProblem } from './out-folder';
import { cancelOnInterrupt, INTERRUPTED_EXIT_CODE } from './interrupt';
import { claimOutputFolder, prepareRun } from './output-folder';
import type { Mp3Bitrate } from '../main/core/output/mp3';
import { AzureBatchEngine, describeBatchStats } from '../main/core/engines/azure-batch';
import { runNote } from './run-note';
import { summaryBeforeEngine } from './early-summary';
import { describeOfflineVoices } from '../main/core/engines/offline/voice-label';
import { sharedDerivePool } from '../main/core/derive-pool/derive-pool';
import { discardPrestartedSynthesizers } from '../main/core/engines/offline/prestart';
import { courseOfOutputFolder, MANIFEST_FILE } from '../main/core/run/manifest';

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
  // The derive workers (one per core: run/course-run.ts says why) load the DSP, and the MP3 encoder
  // for an MP3 run, while the engine starts.
  const { course } = loaded;
  const format = args.format ?? course.output?.format ?? 'wav';
  const derive = sharedDerivePool();
  derive.warm({ mp3: format === 'mp3' });
  const outDir = resolve(args.outDir ?? join('output', course.id));

  // Azure: timeouts, recycling, where the adaptive concurrency starts, a known tier's rate and the
  // give-up deadline, set up exactly as the studio sets up a run (core/run/run-setup.ts).
  if (args.engine !== 'azure' && args.tier) process.stderr.write('warning: --tier applies to the azure engine only; ignored\n');
  let setup: RunSetup;
  try {
    checkRunEnvironment(args.engine);
    setup = await setUpRun({
      course,
      outDir,
      engine: args.engine,
      format,
      maxConnections: args.maxConnections,
      ...(args.engine === 'azure' && args.tier ? { tier: args.tier } : {}),
      giveUpAfterMs: args.giveUpAfterMs,
      batch: args.batch,
      // Engines synthesize masters (PCM WAV); MP3 is derived locally from them.
      createEngine: (tuning) =>
        createEngine({
          engine: args.engine,
          azure: args.azure,
          ...(tuning ? { azureTuning: { ...tuning, format: 'wav' as const } } : {}),
          ...(args.batch ? { batch: { outDir, giveUpAfterMs: args.giveUpAfterMs, log: (line: string) => void process.stderr.write(`note: ${line}\n`) } } : {}),
        }),
      runOptions: {
        verify: args.verify,
        // Lesson tracks are built during the run, each as soon as its parts are delivered.
        tracks: !args.noTracks,
        ...(course.output?.bitrate ? { mp3Bitrate: course.output.bitrate as Mp3Bitrate } : {}),
        ...(course.output?.sampleRate ? { sampleRate: course.output.sampleRate } : {}),
        report: (line) => void process.stderr.write(`note: ${line}\n`),
      },
    });
  } catch (error) {
    if (error instanceof EngineUnavailableError || error instanceof RangeError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (args.json) process.stdout.write(`${JSON.stringify(summaryBeforeEngine(course, outDir, args.engine, format, error.message))}\n`);
      return 2;
    }
    throw error;
  }
  const { pool, run } = setup;
  // Offline: the eSpeak workers load while the folder is claimed and the journal read (a failed start
  // is reported by the first render).
  if (args.engine === 'offline') void pool.prewarm(pool.maxConnections).catch(() => undefined);
  // Every stop before the first render still closes the engine, frees the folder and prints the
  // --json summary line, so scripts always get one.
  let releaseFolder = async (): Promise<void> => undefined;
  const stopBeforeRun = async (code: string, message: string, exitCode: number): Promise<number> => {
    await pool.close();
    await releaseFolder();
    if (args.json) process.stdout.write(`${JSON.stringify(setup.summaryWithoutRun({ code, message }))}\n`);
    return exitCode;
  };

  const outProblem = await outFolderProblem(
    outDir,
    run.jobs.reduce((longest, job) => (job.file.length > longest.length ? job.file : longest), ''),
  );
  if (outProblem) {
    process.stderr.write(`error: ${outProblem}\n`);
    return stopBeforeRun('output-folder', outProblem, 2);
  }

  // One writer per folder: a second run on it exits 2 at once, before anything is synthesized.
  const folder = await claimOutputFolder(outDir);
  if (!folder.ok) {
    process.stderr.write(`error: ${folder.message}\n`);
    return stopBeforeRun(folder.exitCode === 2 ? 'busy' : 'disk', folder.message, folder.exitCode);
  }
  releaseFolder = () => folder.lock.release();

  // A folder holding another course's audio is not this course's: generating there would overwrite
  // and remove that course's files, silently.
  const owner = await courseOfOutputFolder(outDir);
  if (owner !== undefined && owner !== course.id) {
    const message =
      `${outDir} holds the audio of another course, "${owner}" (its ${MANIFEST_FILE}); generating "${course.id}" there would replace it. ` +
      `Pass another --out, or delete ${join(outDir, MANIFEST_FILE)} to hand the folder over to this course.`;
    process.stderr.write(`error: ${message}\n`);
    return stopBeforeRun('output-folder', message, 2);
  }

  let voiceProblems: string[];
  try {
    voiceProblems = await setup.voiceProblems(loaded.file, loaded.voicePlace, loaded.placeOf);
  } catch (error) {
    // Without the voice list the run can still go ahead (a wrong voice then fails its renders only),
    // unless the service refused the key: then every call would be refused too.
    if (isSynthesisError(error) && (error.kind === 'auth' || error.kind === 'quota')) {
      process.stderr.write(`error: ${error.message}\n`);
      return stopBeforeRun(error.kind, error.message, 1);
    }
    process.stderr.write(`warning: could not check the course's voices: ${(error as Error).message}\n`);
    voiceProblems = [];
  }
  if (voiceProblems.length) {
    const message = voiceProblemsMessage(args.engine, voiceProblems);
    process.stderr.write(`${message}\n`);
    return stopBeforeRun('voices', message, 2);
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
    await run.close().catch(() => undefined);
    return stopBeforeRun('disk', prepared.message, 1);
  }
  const { toRender, cached } = prepared.prepared;
  log(
    `${course.title}: ${run.jobs.length} renders, ${cached.length} already done, ${toRender.length} to render with the ${args.engine} engine (${setup.parallelism}, ${format}) into ${outDir}`,
  );
  const offlineVoices = describeOfflineVoices(run.jobs);
  if (offlineVoices) log(`Offline engine: ${offlineVoices}.`);
  let learnedCap: number | null = null;
  pool.onCapacityChange(({ max, configuredMax, reason }) => {
    learnedCap = max < configuredMax ? max : null;
    if (reason === 'learned-cap') log(`The service limits connections: using ${max} of ${configuredMax}`);
  });

  let note = '';
  const ticker = setInterval(() => {
    const snapshot = run.snapshot();
    if (!snapshot) return;
    note = runNote(snapshot, { endpoint: setup.endpoint, learnedCap });
    reporter.update(snapshot.progress, note);
  }, 200);
  let summary: RunSummary;
  let deliverablesError: string | undefined;
  try {
    summary = await run.run();
    if (!interrupt.interrupted && summary.state !== 'cancelled') {
      const mp3Bitrate = course.output?.bitrate as Mp3Bitrate | undefined;
      ({ summary, error: deliverablesError } = await buildDeliverables(summary, {
        course,
        outDir,
        engine: args.engine,
        format,
        ...(mp3Bitrate ? { mp3Bitrate } : {}),
        tracks: !args.noTracks,
        builtDuringRun: run.tracksOutcome,
        exports: args.exports,
        log,
      }));
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
  if (setup.engine instanceof AzureBatchEngine) out.write(`${describeBatchStats(setup.engine.stats())}\n`);
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
  if (summary.stopReason) lines.push(`The run stopped: ${summary.stopMessage ?? summary.stopReason}`);
  if (summary.pending && summary.state === 'stopped')
    lines.push(`${summary.pending} render${summary.pending === 1 ? ' is' : 's are'} pending: run the same command again to resume.`);
  if (summary.failures.length) {
    lines.push('Failed renders:');
    for (const failure of summary.failures)
      lines.push(`  ${failure.phrase} / ${failure.variant}: ${failure.reason} [${failure.kind}, ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}]`);
  }
  if (summary.qa?.length) {
    lines.push(`QA: ${summary.qa.length} render${summary.qa.length === 1 ? '' : 's'} to listen to:`);
    for (const finding of summary.qa) lines.push(`  ${finding.phrase} / ${finding.variant}: ${finding.flags.join(', ')} (${finding.file})`);
  }
  lines.push(`Audio and manifest: ${summary.manifest}`);
  return lines.join('\n') + '\n';
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  )
  // Workers generate-entry.ts started for a run that stopped before it needed them.
  .finally(() => discardPrestartedSynthesizers());
