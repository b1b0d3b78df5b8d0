export function Spinner({ size = 14, label }: { size?: number; label?: string }): React.JSX.Element {
  return (
    <svg className="spinner" width={size} height={size} viewBox="0 0 16 16" role={label ? 'status' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
      <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
