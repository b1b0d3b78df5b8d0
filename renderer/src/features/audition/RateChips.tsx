import { formatRate } from '../../lib/format';
import { AUDITION_RATES, useAudition } from '../../store/audition';

/** The rates to compare: the grid's columns. */
export function RateChips(): React.JSX.Element {
  const rates = useAudition((s) => s.rates);
  const toggleRate = useAudition((s) => s.toggleRate);
  return (
    <div className="rate-chips" role="group" aria-label="Rates">
      {AUDITION_RATES.map((rate) => {
        const on = rates.includes(rate);
        return (
          <button
            key={rate}
            type="button"
            className={on ? 'chip is-on num' : 'chip num'}
            aria-pressed={on}
            onClick={() => toggleRate(rate)}
            data-testid={`rate-${rate.toFixed(1)}`}
          >
            {formatRate(rate)}
          </button>
        );
      })}
    </div>
  );
}
