import type { RunView } from '../../../../shared/ipc/contract';

/** What the OS should show for a run: the decisions of platform/run-indicators.ts, without Electron. */
export interface IndicatorPlan {
  /** 0..1, or -1 to clear the taskbar/dock progress. */
  readonly progress: number;
  readonly mode: 'normal' | 'paused' | 'indeterminate' | 'none';
  /** Keep the machine from suspending (renders are being made). */
  readonly keepAwake: boolean;
  /** A notification to show now (the run just ended), if any. */
  readonly notification: { readonly title: string; readonly body: string; readonly silent: boolean } | null;
}

const ACTIVE = new Set(['running', 'holding', 'stopping']);
const ENDED = new Set(['finished', 'cancelled', 'stopped']);

export function planIndicators(view: RunView, previousState: string): IndicatorPlan {
  const { total, done, cached, failed, cancelled } = view.progress;
  const fraction = total > 0 ? Math.min(1, (done + cached + failed + cancelled) / total) : 0;
  const active = ACTIVE.has(view.state);
  const justEnded = ENDED.has(view.state) && !ENDED.has(previousState) && previousState !== 'idle';
  return {
    progress: active || view.state === 'paused' ? fraction : -1,
    // Holding (throttled, outage) shows as indeterminate: waiting, not stuck.
    mode: view.state === 'holding' ? 'indeterminate' : active ? 'normal' : view.state === 'paused' ? 'paused' : 'none',
    // A paused run lets the machine sleep: nothing is being made.
    keepAwake: active,
    notification: justEnded ? endNotification(view) : null,
  };
}

function endNotification(view: RunView): IndicatorPlan['notification'] {
  const { done, cached, failed, total } = view.progress;
  const title = view.state === 'finished' ? (failed ? 'Run finished with failures' : 'Run finished') : view.state === 'cancelled' ? 'Run cancelled' : 'Run stopped';
  const body = view.state === 'stopped' && view.stopReason ? view.stopReason : `${done} rendered, ${cached} already done${failed ? `, ${failed} failed` : ''} of ${total}.`;
  return { title, body, silent: view.state === 'cancelled' };
}
