import type { ReactNode } from 'react';

interface FieldRowBase {
  readonly label: string;
  /** A line under the input (what the value is for). */
  readonly help?: ReactNode;
  readonly helpTestId?: string;
  readonly testId?: string;
  /** A cell of a card (the Course tab's variants and pronunciations): a small caption above a compact control. */
  readonly compact?: boolean;
}

export interface TextFieldRowProps extends FieldRowBase {
  readonly kind?: 'text';
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly spellCheck?: boolean;
  /** A number kept as typed (checked when saved, so a half-typed value is not lost): the numeric keyboard and digits' alignment. */
  readonly inputMode?: 'numeric' | 'decimal';
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

export interface SelectFieldRowProps extends FieldRowBase {
  readonly kind: 'select';
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** A value shown as itself, or with a label of its own. */
  readonly options: ReadonlyArray<string | { readonly value: string; readonly label: string }>;
  readonly disabled?: boolean;
}

export type FieldRowProps = TextFieldRowProps | NumberFieldRowProps | SelectFieldRowProps;

/** One labelled form row: its label, a text, number or select control, and an optional help line. */
export function FieldRow(props: FieldRowProps): React.JSX.Element {
  return (
    <label className={props.compact ? 'mini-field' : 'field'}>
      <span className={props.compact ? undefined : 'field-label'}>{props.label}</span>
      <FieldControl {...props} />
      {props.help !== undefined && (
        <span className="field-help" data-testid={props.helpTestId}>
          {props.help}
        </span>
      )}
    </label>
  );
}

function FieldControl(props: FieldRowProps): React.JSX.Element {
  switch (props.kind) {
    case 'number':
      return (
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
      );
    case 'select':
      return (
        <select className="select" value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testId}>
          {props.options.map((option) => {
            const { value, label } = typeof option === 'string' ? { value: option, label: option } : option;
            return (
              <option key={value} value={value}>
                {label}
              </option>
            );
          })}
        </select>
      );
    default:
      return (
        <input
          className={props.inputMode ? 'input num' : 'input'}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={props.spellCheck}
          onChange={(e) => props.onChange(e.currentTarget.value)}
          data-testid={props.testId}
        />
      );
  }
}
