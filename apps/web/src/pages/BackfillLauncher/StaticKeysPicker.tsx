/**
 * Checkboxes of the real keys of one static dimension, with how many are chosen.
 *
 * @example
 * <StaticKeysPicker label='Dimension "region"' keys={['amer', 'emea']} chosen={['emea']} onChange={setChosen} />
 */
export function StaticKeysPicker({ name, label, keys, chosen, assets, onChange }: { name: string; label: string; keys: readonly string[]; chosen: readonly string[]; assets: number; onChange: (keys: string[]) => void }) {
  const set = new Set(chosen);
  return (
    <fieldset className="static-keys" data-testid={`static-keys-${name}`}>
      <legend>
        <b>{label}</b> <span className="subtle" data-testid="static-keys-count">· {chosen.length} of {keys.length} keys · {assets} asset{assets === 1 ? '' : 's'}</span>
        <button type="button" className="btn small" style={{ marginLeft: 8 }} onClick={() => onChange([...keys])}>All</button>
        <button type="button" className="btn small" style={{ marginLeft: 4 }} onClick={() => onChange([])}>None</button>
      </legend>
      <div className="row" style={{ flexWrap: 'wrap', gap: '4px 14px' }}>
        {keys.map((k) => (
          <label key={k} className="row mono" style={{ gap: 4, fontSize: 12.5 }}>
            <input type="checkbox" checked={set.has(k)} data-key={k} onChange={(e) => onChange(e.target.checked ? keys.filter((x) => x === k || set.has(x)) : chosen.filter((x) => x !== k))} />
            {k}
          </label>
        ))}
      </div>
      {chosen.length === 0 ? <span style={{ color: 'var(--failed)', fontSize: 12.5 }}>Choose at least one key.</span> : null}
    </fieldset>
  );
}
