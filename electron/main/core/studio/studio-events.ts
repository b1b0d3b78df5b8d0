import type { CourseView, PoolGauges, RenderCell, RunView, SettingsView } from '../../../../shared/ipc/contract';
import type { EditState } from '../../../../shared/ipc/edit-contract';
import type { EventSink } from '../ipc/event-sink';
import { isTerminalRunState } from '../../../../shared/model/progress';
import { KeyedBatch, Throttle } from './event-coalescer';
import type { StudioServiceOptions } from './studio-options';

/**
 * Every event the studio sends to the page, coalesced: run:changed and cells:changed at most every
 * 100 ms (cells merged by id), pool:changed every 250 ms, so a 10,000-phrase run sends about ten
 * messages a second however fast renders finish. Rooms only say "something changed"; the view is
 * built when the event leaves.
 */
export class StudioEvents {
  private readonly runThrottle: Throttle;
  /** The run ended while cell changes were pending: its view goes out after them. */
  private endAfterCells = false;
  private readonly cellBatch: KeyedBatch<RenderCell>;
  private readonly poolThrottle: Throttle;

  constructor(
    private readonly sink: EventSink,
    intervals: StudioServiceOptions['intervals'],
    views: { readonly run: () => RunView; readonly pool: () => PoolGauges },
  ) {
    this.cellBatch = new KeyedBatch<RenderCell>(intervals?.cells ?? 100, (batch) => {
      sink.emit('cells:changed', { cells: Object.fromEntries(batch) });
      if (this.endAfterCells) {
        this.endAfterCells = false;
        this.runThrottle.schedule();
      }
    });
    // A run's end waits for its last cells: the page said "finished" while the run's last cells still
    // said "running" until their own flush. Only the end waits (once a run, and nothing changes after
    // it, so it is never held back for long), and each channel keeps its own spacing.
    this.runThrottle = new Throttle(intervals?.run ?? 100, () => {
      const view = views.run();
      if (isTerminalRunState(view.state) && this.cellBatch.pending) this.endAfterCells = true;
      else sink.emit('run:changed', view);
    });
    this.poolThrottle = new Throttle(intervals?.pool ?? 250, () => sink.emit('pool:changed', views.pool()));
  }

  runChanged(): void {
    this.runThrottle.schedule();
  }

  poolChanged(): void {
    this.poolThrottle.schedule();
  }

  cellChanged(id: string, cell: RenderCell): void {
    this.cellBatch.set(id, cell);
  }

  /** Sends the pending cell changes now (a new plan: the page must not mix two plans' cells). */
  flushCells(): void {
    this.cellBatch.flushNow();
  }

  /** Forgets pending cell changes (another course was opened). */
  dropCells(): void {
    this.cellBatch.clear();
    if (this.endAfterCells) {
      this.endAfterCells = false; // nothing left to wait for
      this.runThrottle.schedule();
    }
  }

  courseChanged(view: CourseView): void {
    this.sink.emit('course:changed', view);
  }

  editChanged(state: EditState): void {
    this.sink.emit('edit:changed', state);
  }

  settingsChanged(view: SettingsView): void {
    this.sink.emit('settings:changed', view);
  }

  /** Sends what is pending, then stops. */
  close(): void {
    // Cells first: a run's end waiting for them is sent after them.
    for (const channel of [this.cellBatch, this.runThrottle, this.poolThrottle]) {
      channel.flushNow();
      channel.close();
    }
  }
}
