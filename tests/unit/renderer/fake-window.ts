import type { InvokeChannel } from '../../../shared/ipc/channels';
import type { RunView } from '../../../shared/ipc/contract';
import { useCells } from '../../../renderer/src/store/cells';
import { useCourse } from '../../../renderer/src/store/course';
import { EMPTY_POOL, usePool } from '../../../renderer/src/store/pool';
import { usePlayer } from '../../../renderer/src/store/player';
import { IDLE_RUN, useRun } from '../../../renderer/src/store/run';
import { useSettings } from '../../../renderer/src/store/settings';
import { useToasts } from '../../../renderer/src/store/toasts';
import { useTracks } from '../../../renderer/src/store/tracks';
import { NO_FILTER, useUi } from '../../../renderer/src/store/ui';

type Answer = (input: unknown) => unknown;

/** A scripted window.api: each channel answers with its function (or rejects 'unsupported'); every call is recorded. */
export function installFakeApi(answers: Partial<Record<InvokeChannel, Answer>>): { calls: Array<{ channel: string; input: unknown }> } {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const api = {
    invoke: async (channel: InvokeChannel, input?: unknown) => {
      calls.push({ channel, input });
      const answer = answers[channel];
      if (!answer) throw Object.assign(new Error(`no fake answer for ${channel}`), { code: 'unsupported' });
      return answer(input);
    },
    on: () => () => undefined,
  };
  (globalThis as unknown as { window: { api: unknown } }).window = { api };
  return { calls };
}

export function resetStores(): void {
  useCells.setState({ cells: new Map(), version: 0 });
  useCourse.setState({ course: null, lessons: [], phraseById: new Map(), opening: null, appInfo: null });
  usePool.setState({ pool: EMPTY_POOL, hiddenRun: null });
  usePlayer.setState({ source: null, status: 'empty', loadingKey: null, queueId: null, durationMs: 0 });
  useRun.setState({ run: IDLE_RUN, estimate: null, pending: null });
  useSettings.setState({ settings: null });
  useToasts.setState({ toasts: [] });
  useUi.setState({ tab: 'run', filter: NO_FILTER, selection: null, showNotes: true });
  useTracks.setState({ files: null, loading: false, building: false, exporting: false, lastBuild: null, lastExport: null });
}

export function runView(patch: Partial<Omit<RunView, 'progress'>> & { progress?: Partial<RunView['progress']> }): RunView {
  return { ...IDLE_RUN, ...patch, progress: { ...IDLE_RUN.progress, ...patch.progress } };
}
