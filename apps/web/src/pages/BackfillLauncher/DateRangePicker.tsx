import { endOfMonth, format, startOfMonth, subDays, subMonths } from 'date-fns';

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

/** Two date fields and presets; the range is inclusive and shown in the definition's partition keys. */
export function DateRangePicker({ value, onChange, min, max, testId }: { value: DateRange; onChange: (r: DateRange) => void; min?: string | undefined; max?: string | undefined; testId?: string }) {
  const invalid = value.from !== '' && value.to !== '' && value.from > value.to;
  return (
    <div className="stack" style={{ gap: 8 }} data-testid={testId}>
      <div className="row">
        <label className="field">From<input type="date" className={`input${invalid ? ' invalid' : ''}`} value={value.from} min={min} max={max} onChange={(e) => onChange({ ...value, from: e.target.value })} data-testid={testId ? `${testId}-from` : undefined} /></label>
        <label className="field">To (inclusive)<input type="date" className={`input${invalid ? ' invalid' : ''}`} value={value.to} min={min} max={max} onChange={(e) => onChange({ ...value, to: e.target.value })} data-testid={testId ? `${testId}-to` : undefined} /></label>
      </div>
      <div className="row">
        {datePresets(new Date()).map((p) => (
          <button key={p.label} type="button" className="btn small" onClick={() => onChange({ from: p.from, to: p.to })}>{p.label}</button>
        ))}
      </div>
      {invalid ? <span style={{ color: 'var(--failed)', fontSize: 12.5 }}>"From" is after "To".</span> : null}
    </div>
  );
}
