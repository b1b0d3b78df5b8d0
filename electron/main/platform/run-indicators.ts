import { Notification, powerSaveBlocker, shell, type BrowserWindow } from 'electron';
import type { RunView } from '../../../shared/ipc/contract';
import type { EventSink } from '../core/ipc/event-sink';
import { planIndicators } from '../core/studio/run-indicator-plan';

/**
 * What the OS shows of a run: taskbar/dock progress (paused and indeterminate modes on Windows), the
 * machine kept from suspending while renders are being made, and a notification when the run ends.
 * Fed the same run:changed events as the window, so it never disagrees with it; the decisions are in
 * core/studio/run-indicator-plan.ts (tested without Electron), this file only applies them.
 */
export class RunIndicators {
  private blocker: number | undefined;
  private lastState = 'idle';

  constructor(private readonly getWindow: () => BrowserWindow | undefined) {}

  /** An EventSink that looks only at run:changed. */
  sink(): EventSink {
    return {
      emit: (event, payload) => {
        if (event === 'run:changed') this.update(payload as RunView);
      },
    };
  }

  update(view: RunView): void {
    const plan = planIndicators(view, this.lastState);
    this.lastState = view.state;
    const window = this.getWindow();
    if (window && !window.isDestroyed()) window.setProgressBar(plan.progress, { mode: plan.mode });
    if (plan.keepAwake) this.blocker ??= powerSaveBlocker.start('prevent-app-suspension');
    else this.release();
    if (plan.notification && Notification.isSupported()) {
      const notification = new Notification(plan.notification);
      notification.on('click', () => {
        const current = this.getWindow();
        if (current && !current.isDestroyed()) current.show();
      });
      notification.show();
    }
  }

  revealInFolder(path: string): void {
    shell.showItemInFolder(path);
  }

  dispose(): void {
    this.release();
    const window = this.getWindow();
    if (window && !window.isDestroyed()) window.setProgressBar(-1);
  }

  private release(): void {
    if (this.blocker !== undefined && powerSaveBlocker.isStarted(this.blocker)) powerSaveBlocker.stop(this.blocker);
    this.blocker = undefined;
  }
}
