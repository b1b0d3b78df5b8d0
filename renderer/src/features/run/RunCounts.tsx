import { formatCount } from '../../lib/format';
import { useRun } from '../../store/run';

/**
 * What the run did, as the CLI summary says it: rendered by the engine (what Azure bills), cached
 * (finished from a delivered file or a master, no engine call) and written into the output folder.
 */
export function RunCounts(): React.JSX.Element | null {
  const counts = useRun((s) => s.run.counts);
  if (!counts) return null;
  return (
    <dl className="stats" data-testid="run-counts">
      <div>
        <dt title="Synthesized by the engine in this run: what Azure bills">Rendered (billed)</dt>
        <dd className="num" data-testid="count-rendered">
          {formatCount(counts.rendered)}
        </dd>
      </div>
      <div>
        <dt title="Finished without an engine call: the file or its master was already there">From cache</dt>
        <dd className="num" data-testid="count-from-cache">
          {formatCount(counts.cached)}
        </dd>
      </div>
      <div>
        <dt title="Files delivered into the output folder by this run">Written</dt>
        <dd className="num" data-testid="count-written">
          {formatCount(counts.written)}
        </dd>
      </div>
    </dl>
  );
}
