import { endOfMonth, format, startOfMonth, subDays, subMonths } from 'date-fns';
import { useState, type SyntheticEvent } from 'react';

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

/**
 * Preset ranges relative to `today` (ISO dates, inclusive), computed with date-fns.
 *
 * @example
 * datePresets(new Date('2024-03-15'))[0]; // { label: 'Last 7 days', from: '2024-03-09', to: '2024-03-15' }
 */
export function datePresets(today: Date): { label: string; from: string; to: string }[] {
  const iso = (d: Date) => format(d, 'yyyy-MM-dd');
  const lastMonth = subMonths(today, 1);
  return [
    { label: 'Last 7 days', from: iso(subDays(today, 6)), to: iso(today) },
    { label: 'Last 30 days', from: iso(subDays(today, 29)), to: iso(today) },
    { label: 'This month', from: iso(startOfMonth(today)), to: iso(today) },
    { label: 'Last month', from: iso(startOfMonth(lastMonth)), to: iso(endOfMonth(lastMonth)) },
  ];
}

/**
 * Two date fields and presets; the range is inclusive and shown in the definition's partition keys. A
 * field whose typed text is no date (02/30/2026) holds no value: the browser's own message says so under
 * it, instead of a silently empty range.
 */
export function DateRangePicker({ value, onChange, min, max, testId }: { value: DateRange; onChange: (r: DateRange) => void; min?: string | undefined; max?: string | undefined; testId?: string }) {
  const [unreadable, setUnreadable] = useState<Partial<Record<keyof DateRange, string>>>({});
  const invalid = value.from !== '' && value.to !== '' && value.from > value.to;
  const field = (end: keyof DateRange) => {
    // the field's value stays '' while its text is no date, so React's onChange does not fire: read its validity
    const check = (e: SyntheticEvent<HTMLInputElement>) => {
      const message = e.currentTarget.validity.badInput ? e.currentTarget.validationMessage : undefined;
      setUnreadable((u) => (u[end] === message ? u : { ...u, [end]: message }));
    };
    return (
      <input
        type="date"
        className={`input${invalid || unreadable[end] ? ' invalid' : ''}`}
        value={value[end]}
        min={min}
        max={max}
        onChange={(e) => onChange({ ...value, [end]: e.target.value })}
        onInput={check}
        onKeyUp={check}
        onBlur={check}
        data-testid={testId ? `${testId}-${end}` : undefined}
      />
    );
  };
  return (
    <div className="stack" style={{ gap: 8 }} data-testid={testId}>
      <div className="row">
        <label className="field">From{field('from')}</label>
        <label className="field">To (inclusive){field('to')}</label>
      </div>
      <div className="row">
        {datePresets(new Date()).map((p) => (
          <button key={p.label} type="button" className="btn small" onClick={() => onChange({ from: p.from, to: p.to })}>{p.label}</button>
        ))}
      </div>
      {invalid ? <span style={{ color: 'var(--failed)', fontSize: 12.5 }}>"From" is after "To".</span> : null}
      {(['from', 'to'] as const).map((end) =>
        unreadable[end] ? (
          <span key={end} style={{ color: 'var(--failed)', fontSize: 12.5 }} data-testid={testId ? `${testId}-${end}-unreadable` : undefined}>
            {end === 'from' ? '"From"' : '"To"'}: {unreadable[end]}
          </span>
        ) : null,
      )}
    </div>
  );
}
