import { formatCount, formatMoney, plural } from '../../lib/format';
import { useSetup } from '../../store/setup';

/** Before saving: how many renders the change alters, how many finished ones go Stale, and the price of rendering them again. */
export function ImpactLine(): React.JSX.Element {
  const impact = useSetup((s) => s.impact);
  if (!impact) return <span className="muted small">Checking what this re-renders…</span>;
  const cost = impact.costUsd === null ? 'free offline' : `${formatMoney(impact.costUsd)} on Azure (${formatCount(impact.billableChars ?? 0)} characters)`;
  return (
    <span className="small" data-testid="setup-impact" data-affected={impact.affected} data-finished={impact.finished}>
      {impact.affected === 0
        ? 'No render changes.'
        : `Re-renders ${plural(impact.affected, 'render')} (${formatCount(impact.finished)} finished ${impact.finished === 1 ? 'goes' : 'go'} stale), ${cost}.`}
    </span>
  );
}
