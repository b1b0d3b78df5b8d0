import { useCourse } from '../../store/course';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { openCourse, openSample } from './openCourse';

/** No course open: say what the studio does and offer the two ways in. */
export function EmptyState(): React.JSX.Element {
  const samples = useCourse((s) => s.appInfo?.sampleCourses ?? []);
  const opening = useCourse((s) => s.opening);
  return (
    <section className="empty-state" data-testid="empty-state" aria-labelledby="empty-title">
      <div className="empty-art" aria-hidden="true">
        <Icon name="wave" size={40} />
      </div>
      <h1 id="empty-title">Start with a course</h1>
      <p className="empty-lead">
        A course is a list of phrases in two languages. The studio renders every phrase in each variant: the prompt in the known language, the target phrase, and the target slowed
        down for repetition.
      </p>
      <div className="empty-actions">
        <Button variant="primary" icon="open" onClick={() => void openCourse()} busy={opening === 'dialog' || !!opening?.startsWith('file:')} data-testid="open-course">
          Open a course…
        </Button>
      </div>
      {samples.length > 0 && (
        <div className="sample-list" aria-label="Sample courses">
          <div className="sample-heading">Try the sample course</div>
          {samples.map((sample) => (
            <button key={sample.name} type="button" className="sample-card" onClick={() => void openSample(sample.name)} disabled={!!opening} data-testid={`sample-${sample.name}`}>
              <span className="sample-icon" aria-hidden="true">
                <Icon name="sparkle" />
              </span>
              <span className="sample-text">
                <span className="sample-title">{sample.title}</span>
                <span className="sample-name">{sample.name}</span>
              </span>
              {opening === `sample:${sample.name}` ? <Spinner label="Opening" /> : <Icon name="play" size={12} className="sample-go" />}
            </button>
          ))}
        </div>
      )}
      <p className="empty-hint">
        <Icon name="upload" size={14} /> or drop a <code>.json</code> or <code>.csv</code> course file anywhere in this window
      </p>
    </section>
  );
}
