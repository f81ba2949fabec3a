/**
 * A row of toggle buttons choosing one value.
 *
 * @example
 * <Segmented name="Order" options={[['OLDEST_FIRST', 'Oldest first'], ['NEWEST_FIRST', 'Newest first']]} value={order} onChange={setOrder} />
 */
export function Segmented<T extends string>({ options, value, onChange, name }: { options: readonly (readonly [T, string])[]; value: T; onChange: (v: T) => void; name: string }) {
  return (
    <div className="segmented" role="group" aria-label={name}>
      {options.map(([v, label]) => <button type="button" key={v} className={value === v ? 'on' : ''} onClick={() => onChange(v)} data-value={v}>{label}</button>)}
    </div>
  );
}
