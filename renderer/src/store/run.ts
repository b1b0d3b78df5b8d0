import { create } from 'zustand';
import type { Estimate, RunView } from '../../../shared/ipc/contract';
import { invoke } from '../lib/api';

export type RunCommand = 'start' | 'startBatch' | 'pause' | 'resume' | 'cancel' | 'retryFailed';

interface RunStateSlice {
  run: RunView;
  estimate: Estimate | null;
  /** The command sent and not yet answered: its button shows a spinner and the others wait. */
  pending: RunCommand | null;
  setRun(run: RunView): void;
  setEstimate(estimate: Estimate | null): void;
  setPending(command: RunCommand | null): void;
}

export const IDLE_RUN: RunView = {
  state: 'idle',
  progress: { total: 0, done: 0, cached: 0, failed: 0, cancelled: 0, running: 0, remaining: 0, rendersPerSecond: 0, etaMs: null, elapsedMs: 0 },
  hold: null,
  stopReason: null,
  failures: [],
  engine: null,
  outputDir: null,
};

const runStartListeners = new Set<() => void>();

/** Called whenever a run starts (a live state after a not-live one), however the page learnt it. */
export function onRunStarted(listener: () => void): () => void {
  runStartListeners.add(listener);
  return () => runStartListeners.delete(listener);
}

export const useRun = create<RunStateSlice>()((set, get) => ({
  run: IDLE_RUN,
  estimate: null,
  pending: null,
  setRun(run) {
    const started = !isLive(get().run.state) && isLive(run.state);
    set({ run });
    if (started) runStartListeners.forEach((listener) => listener());
  },
  setEstimate(estimate) {
    set({ estimate });
  },
  setPending(pending) {
    set({ pending });
  },
}));

/** A run is "live" while something may still start or finish. */
export const isLive = (state: RunView['state']): boolean => state === 'running' || state === 'holding' || state === 'paused' || state === 'stopping';

// ------------------------------------------------------------------ estimate refresh

// Progress events arrive up to 10 times a second; the estimate is a full pass over the course in
// main, so it is asked for at most every ESTIMATE_MIN_GAP_MS, with one trailing refresh so the last
// change is always reflected.
const ESTIMATE_MIN_GAP_MS = 1500;
let inFlight = false;
let again: 'soon' | 'now' | null = null;
let lastAt = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

export function refreshEstimate(urgent = false): void {
  if (inFlight) {
    again = urgent || again === 'now' ? 'now' : 'soon';
    return;
  }
  const wait = urgent ? 0 : lastAt + ESTIMATE_MIN_GAP_MS - Date.now();
  if (wait > 0) {
    timer ??= setTimeout(() => {
      timer = null;
      refreshEstimate();
    }, wait);
    return;
  }
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  inFlight = true;
  lastAt = Date.now();
  invoke('run:estimate')
    .then((estimate) => useRun.getState().setEstimate(estimate))
    // No course, or the engine is not configured: the top bar simply shows no estimate.
    .catch(() => useRun.getState().setEstimate(null))
    .finally(() => {
      inFlight = false;
      if (again) {
        const urgentAgain = again === 'now';
        again = null;
        refreshEstimate(urgentAgain);
      }
    });
}
