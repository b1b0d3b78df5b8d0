import { useCourse } from '../../store/course';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';
import { EditBar } from '../edit/EditBar';
import { EngineBadge } from './EngineBadge';
import { EstimateSummary } from './EstimateSummary';
import { openCourse } from './openCourse';
import { RunControls } from './RunControls';

export function TopBar(): React.JSX.Element {
  const course = useCourse((s) => s.course);
  const opening = useCourse((s) => s.opening);
  return (
    <header className="topbar">
      <div className="brand" aria-hidden="true">
        <Icon name="wave" size={18} />
      </div>
      <div className="course-id" data-testid="course-title-block">
        {course ? (
          <>
            <div className="course-title" data-testid="course-title" title={course.title}>
              {course.title}
            </div>
            <div className="course-file" title={course.file}>
              {course.file} · {course.languages.known} → {course.languages.target}
            </div>
          </>
        ) : (
          <div className="course-title muted">Course Audio Studio</div>
        )}
      </div>
      {course && <Button variant="ghost" size="sm" icon="open" onClick={() => void openCourse()} busy={!!opening} title="Open another course" aria-label="Open another course" />}
      <div className="topbar-spacer" />
      {course && <EditBar />}
      <EngineBadge />
      <EstimateSummary />
      <RunControls />
    </header>
  );
}
