import { beforeEach, describe, expect, it } from 'vitest';
import type { MastersView } from '../../../shared/ipc/contract';
import { formatBytes } from '../../../renderer/src/lib/format';
import { cleanQuestion, useMasters } from '../../../renderer/src/store/masters';
import { installFakeApi, resetStores } from './fake-window';

const view = (patch: Partial<MastersView> = {}): MastersView => ({
  outputDir: '/out/course',
  count: 10,
  bytes: 1_250_000,
  unusedCount: 4,
  unusedBytes: 480_000,
  busy: null,
  ...patch,
});

beforeEach(() => {
  resetStores();
  useMasters.setState({ masters: null, cleaning: false });
});

describe('the masters cache store', () => {
  it('asks before cleaning, naming how many masters and how much space, and sends nothing when declined', async () => {
    const api = installFakeApi({ 'masters:view': () => view() });
    await useMasters.getState().refresh();
    const questions: string[] = [];
    expect(
      await useMasters.getState().cleanUnused((question) => {
        questions.push(question);
        return false;
      }),
    ).toBeNull();
    expect(questions).toEqual([cleanQuestion(view())]);
    expect(questions[0]).toMatch(/^Remove 4 unused masters and free 480 KB\? /);
    expect(api.calls.map((call) => call.channel)).toEqual(['masters:view']);
  });

  it('cleans when confirmed and shows main’s new reading', async () => {
    const after = view({ count: 6, bytes: 770_000, unusedCount: 0, unusedBytes: 0 });
    const api = installFakeApi({ 'masters:view': () => view(), 'masters:cleanUnused': () => ({ removed: 4, freedBytes: 480_000, masters: after }) });
    await useMasters.getState().refresh();
    const cleaned = await useMasters.getState().cleanUnused(() => true);
    expect(cleaned).toMatchObject({ removed: 4, freedBytes: 480_000 });
    expect(useMasters.getState().masters).toEqual(after);
    expect(useMasters.getState().cleaning).toBe(false);
    expect(api.calls.map((call) => call.channel)).toEqual(['masters:view', 'masters:cleanUnused']);
    // Nothing left unused: no question, no call.
    expect(await useMasters.getState().cleanUnused(() => true)).toBeNull();
    expect(api.calls).toHaveLength(2);
  });

  it('keeps the newest reading when answers arrive out of order', async () => {
    const answers: Array<(value: MastersView) => void> = [];
    installFakeApi({ 'masters:view': () => new Promise<MastersView>((resolve) => answers.push(resolve)) });
    const first = useMasters.getState().refresh();
    const second = useMasters.getState().refresh();
    answers[1]!(view({ count: 7 }));
    await second;
    answers[0]!(view({ count: 3 }));
    await first;
    expect(useMasters.getState().masters?.count).toBe(7);
  });

  it('carries main’s busy sentence and leaves the state as it was when a clean fails', async () => {
    const busy = '/out/course is being written by another run (pid 4242, started 14:05)';
    installFakeApi({
      'masters:view': () => view({ busy }),
      'masters:cleanUnused': () => Promise.reject(Object.assign(new Error(`${busy}. Wait for it to finish, or choose another output folder.`), { code: 'busy' })),
    });
    await useMasters.getState().refresh();
    expect(useMasters.getState().masters?.busy).toBe(busy);
    await expect(useMasters.getState().cleanUnused(() => true)).rejects.toThrow(/being written by another run \(pid 4242, started 14:05\)/);
    expect(useMasters.getState()).toMatchObject({ cleaning: false, masters: view({ busy }) });
  });
});

describe('formatBytes', () => {
  it('reads as a file manager does', () => {
    expect([0, 999, 1000, 12_345, 3_400_000, 1_200_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '1.0 KB', '12 KB', '3.4 MB', '1.2 GB']);
  });
});
