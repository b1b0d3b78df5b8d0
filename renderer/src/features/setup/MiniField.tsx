import type { ReactNode } from 'react';

/** A small labelled control for the Course tab's cards (variants, pronunciations), caption above. */
export function MiniField({ label, children }: { label: string; children: ReactNode }): React.JSX.Element {
  return (
    <label className="mini-field">
      <span>{label}</span>
      {children}
    </label>
  );
}
