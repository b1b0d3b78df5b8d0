import { useMemo } from 'react';
import { formatRate, formatSeconds } from '../../lib/format';
import { fitsRole } from '../../lib/voices';
import { takeKey, useAudition } from '../../store/audition';
import { useCourse } from '../../store/course';
import { usePlayer } from '../../store/player';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';

/** Voice x rate: each cell renders on first click and plays; the row's buttons assign the voice to a course role. */
export function AuditionGrid(): React.JSX.Element {
  const picked = useAudition((s) => s.picked);
  const rates = useAudition((s) => s.rates);
  const voices = useAudition((s) => s.voices);
  const course = useCourse((s) => s.course);
  // Derived here from the course object (stable between updates): a selector returning a fresh array would re-render forever.
  const variants = useMemo(() => (course ? course.variants.map((variant) => [variant.id, course.languages[variant.text]] as const) : []), [course]);
  if (picked.length === 0 || rates.length === 0) {
    return <p className="muted small grid-hint">Tick voices above and pick rates to build the comparison grid.</p>;
  }
  return (
    <div className="audition-grid" role="table" aria-label="Voice and rate comparison" style={{ ['--rates' as string]: rates.length }}>
      <div role="row" className="ag-row ag-head">
        <div role="columnheader" className="ag-voice">
          Voice
        </div>
        {rates.map((rate) => (
          <div role="columnheader" key={rate} className="ag-rate num">
            {formatRate(rate)}
          </div>
        ))}
      </div>
      {picked.map((voice) => (
        <div role="row" className="ag-row" key={voice}>
          <div role="rowheader" className="ag-voice">
            <span className="ag-voice-name" title={voice}>
              {voices.find((v) => v.shortName === voice)?.displayName ?? voice}
            </span>
            <span className="ag-assign">
              {variants
                .filter(([, locale]) => fitsRole(voices.find((v) => v.shortName === voice)?.locale, locale))
                .map(([variantId]) => (
                  <UseForVariantButton key={variantId} variantId={variantId} voice={voice} />
                ))}
            </span>
          </div>
          {rates.map((rate) => (
            <div role="cell" key={rate} className="ag-cell-wrap">
              <TakeButton voice={voice} rate={rate} />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function TakeButton({ voice, rate }: { voice: string; rate: number }): React.JSX.Element {
  const key = useAudition((s) => takeKey(voice, rate, s.text.trim()));
  const take = useAudition((s) => s.takes[key]);
  const playTake = useAudition((s) => s.playTake);
  const loading = usePlayer((s) => s.loadingKey === key);
  const playing = usePlayer((s) => s.status === 'playing' && s.source?.kind === 'audition' && s.source.key === key);
  const state = take?.state === 'rendering' || loading ? 'rendering' : playing ? 'playing' : (take?.state ?? 'idle');
  const label = `${voice} at ${formatRate(rate)}`;
  return (
    <button
      type="button"
      className={`ag-cell is-${state}`}
      onClick={() => void playTake(voice, rate)}
      aria-label={state === 'error' ? `${label}: ${take?.error}` : `Play ${label}`}
      title={state === 'error' ? take?.error : take?.durationMs ? `${label}, ${formatSeconds(take.durationMs)}` : `Render and play ${label}`}
      data-testid={`audition-cell-${voice}-${rate.toFixed(1)}`}
      data-state={state}
    >
      {state === 'rendering' ? (
        <Spinner />
      ) : state === 'playing' ? (
        <Icon name="wave" size={14} />
      ) : state === 'error' ? (
        <Icon name="alert" size={14} />
      ) : (
        <Icon name="play" size={12} />
      )}
      <span className="num">{take?.durationMs && state !== 'error' ? formatSeconds(take.durationMs) : state === 'error' ? 'Failed' : ''}</span>
    </button>
  );
}

/**
 * "Use for <variant> at <rate>": the voice for the variant's role and the rate of the take last played
 * in this row (RateChips' columns), saved together; before any take, the variant's own rate.
 */
function UseForVariantButton({ variantId, voice }: { variantId: string; voice: string }): React.JSX.Element {
  const variant = useCourse((s) => s.course?.variants.find((candidate) => candidate.id === variantId));
  const current = useCourse((s) => (variant ? s.course?.voices[variant.voice] : undefined));
  const rate = useAudition((s) => s.lastRate[voice]) ?? variant?.rate ?? 1;
  const assigning = useAudition((s) => s.assigning);
  const applyToVariant = useAudition((s) => s.applyToVariant);
  const isCurrent = current === voice && variant?.rate === rate;
  return (
    <button
      type="button"
      className={isCurrent ? 'mini-btn is-current' : 'mini-btn'}
      disabled={isCurrent || assigning !== null}
      onClick={() => void applyToVariant(variantId, voice, rate)}
      data-testid={`use-${variantId}-${voice}`}
      data-rate={rate.toFixed(1)}
      title={
        isCurrent
          ? `Speaks ${variantId} at ${formatRate(rate)} now`
          : `Use ${voice} at ${formatRate(rate)} for ${variantId} (the voice of its role "${variant?.voice}", and its rate)`
      }
    >
      {assigning === `${variantId}:${voice}` ? <Spinner size={10} /> : isCurrent ? <Icon name="check" size={10} /> : null}
      {isCurrent ? `${variantId} ${formatRate(rate)}` : `Use for ${variantId} ${formatRate(rate)}`}
    </button>
  );
}
