import cliProgress from 'cli-progress';
import type { RunProgress } from '../../shared/model/progress';

/**
 * Shows a run's progress on stderr, so stdout carries only the summary (and the JSON line):
 * a live bar on a terminal, a plain line every few seconds otherwise (CI logs, pipes).
 */
export interface ProgressReporter {
  update(progress: RunProgress, note?: string): void;
  stop(): void;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '--';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? new BarReporter(stream) : new LineReporter(stream);
}

class BarReporter implements ProgressReporter {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {percentage}% | {value}/{total} | {done} rendered, {cached} cached, {failed} failed | {rate}/s | ETA {etaText} {note}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(progress: RunProgress, note = ''): void {
    const value = progress.done + progress.cached + progress.failed + progress.cancelled;
    const payload = {
      done: progress.done,
      cached: progress.cached,
      failed: progress.failed,
      rate: progress.rendersPerSecond.toFixed(1),
      etaText: formatDuration(progress.etaMs),
      note,
    };
    if (!this.started) {
      this.bar.start(progress.total, value, payload);
      this.started = true;
    } else this.bar.update(value, payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

class LineReporter implements ProgressReporter {
  private lastLine = 0;
  private lastNote = '';

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly everyMs = 2_000,
  ) {}

  update(progress: RunProgress, note = ''): void {
    const now = Date.now();
    const finished = progress.remaining === 0 && progress.running === 0;
    if (!finished && note === this.lastNote && now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    this.lastNote = note;
    const value = progress.done + progress.cached + progress.failed + progress.cancelled;
    const percent = progress.total ? Math.floor((value / progress.total) * 100) : 100;
    this.stream.write(
      `progress ${value}/${progress.total} (${percent}%): ${progress.done} rendered, ${progress.cached} cached, ${progress.failed} failed, ` +
        `${progress.rendersPerSecond.toFixed(1)}/s, ETA ${formatDuration(progress.etaMs)}${note ? ` [${note}]` : ''}\n`,
    );
  }

  stop(): void {}
}
