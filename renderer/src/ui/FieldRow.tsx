import type { ReactNode } from 'react';

interface FieldRowBase {
  readonly label: string;
  /** A line under the input (what the value is for). */
  readonly help?: ReactNode;
  readonly helpTestId?: string;
  readonly testId?: string;
}

export interface TextFieldRowProps extends FieldRowBase {
  readonly kind?: 'text';
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly spellCheck?: boolean;
}

export interface NumberFieldRowProps extends FieldRowBase {
  readonly kind: 'number';
  /** NaN shows as an empty input (what the producer is typing is not a number yet). */
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** One labelled form row: its label, a text or number input, and an optional help line. */
export function FieldRow(props: TextFieldRowProps | NumberFieldRowProps): React.JSX.Element {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      {props.kind === 'number' ? (
        <input
          className="input num"
          type="number"
          min={props.min}
          max={props.max}
          step={props.step}
          value={Number.isFinite(props.value) ? props.value : ''}
          onChange={(e) => props.onChange(e.currentTarget.valueAsNumber)}
          data-testid={props.testId}
        />
      ) : (
        <input
          className="input"
          maxLength={props.maxLength}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={props.spellCheck}
          onChange={(e) => props.onChange(e.currentTarget.value)}
          data-testid={props.testId}
        />
      )}
      {props.help !== undefined && (
        <span className="field-help" data-testid={props.helpTestId}>
          {props.help}
        </span>
      )}
    </label>
  );
}
