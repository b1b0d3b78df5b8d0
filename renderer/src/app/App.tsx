import { useEffect, useState } from 'react';
import { CourseFileInput } from '../features/course/CourseFileInput';
import { CourseTable } from '../features/course/CourseTable';
import { DropZone } from '../features/course/DropZone';
import { EmptyState } from '../features/course/EmptyState';
import { TopBar } from '../features/course/TopBar';
import { PlayerBar } from '../features/player/PlayerBar';
import { describeError } from '../lib/api';
import { connectStudio } from '../store/connect';
import { useCourse } from '../store/course';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { Spinner } from '../ui/Spinner';
import { Toasts } from '../ui/Toasts';
import { RightPanel } from './RightPanel';
import { useShortcuts } from './useShortcuts';
import { useWindowTitle } from './useWindowTitle';

type Connection = { state: 'connecting' } | { state: 'ready' } | { state: 'failed'; message: string };

/** One window, four regions: top bar, course table, right panel, player. */
export function App(): React.JSX.Element {
  const connection = useStudioConnection();
  const hasCourse = useCourse((s) => s.course !== null);
  useShortcuts();
  useWindowTitle();

  if (connection.state !== 'ready') return <ConnectionScreen connection={connection} />;
  return (
    <div className="app" data-testid="studio">
      <TopBar />
      <main className="centre">{hasCourse ? <CourseTable /> : <EmptyState />}</main>
      <RightPanel />
      <PlayerBar />
      <Toasts />
      <DropZone />
      <CourseFileInput />
    </div>
  );
}

function useStudioConnection(): Connection & { retry?: () => void } {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let disconnect: (() => void) | undefined;
    let unmounted = false;
    connectStudio()
      .then((off) => {
        // Unmounted while connecting (StrictMode runs effects twice in development): let go at once.
        if (unmounted) off();
        else {
          disconnect = off;
          setConnection({ state: 'ready' });
        }
      })
      .catch((error: unknown) => !unmounted && setConnection({ state: 'failed', message: describeError(error) }));
    return () => {
      unmounted = true;
      disconnect?.();
    };
  }, [attempt]);
  return { ...connection, retry: () => (setConnection({ state: 'connecting' }), setAttempt((n) => n + 1)) };
}

function ConnectionScreen({ connection }: { connection: Connection & { retry?: () => void } }): React.JSX.Element {
  return (
    <div className="connection-screen" data-testid="connection-screen">
      {connection.state === 'failed' ? (
        <div className="connection-card" role="alert">
          <Icon name="alert" size={28} />
          <h1>The studio engine is not answering</h1>
          <p>{connection.message}</p>
          <Button variant="primary" icon="retry" onClick={connection.retry}>
            Try again
          </Button>
        </div>
      ) : (
        <div className="connection-card" aria-live="polite">
          <Spinner size={22} label="Connecting" />
          <p className="muted">Starting the studio…</p>
        </div>
      )}
    </div>
  );
}
