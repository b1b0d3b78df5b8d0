interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange(value: T): void;
  testId?: string;
  disabled?: boolean;
}

/** A radio group drawn as joined buttons: for small, mutually exclusive choices. */
export function Segmented<T extends string>({ label, value, options, onChange, testId, disabled }: SegmentedProps<T>): React.JSX.Element {
  return (
    <div className="segmented" role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          className={option.value === value ? 'segment is-on' : 'segment'}
          onClick={() => onChange(option.value)}
          disabled={disabled}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
