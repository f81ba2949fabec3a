import { useEffect, useState } from 'react';

/**
 * The selection-syntax filter (the CLI's syntax: `+key:marts/*`, `group:raw and tag:pii`, `key:a+2`…).
 * Applies on Enter; the server resolves it, so a syntax error arrives as its own message.
 */
export function FilterBox({ value, onApply, error }: { value: string; onApply: (selection: string) => void; error?: string | undefined }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <div style={{ position: 'relative' }}>
      <form
        className="toolbar-card filter-box"
        onSubmit={(e) => {
          e.preventDefault();
          onApply(draft.trim());
        }}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="#7c8292" strokeWidth="2" style={{ marginLeft: 6 }} aria-hidden="true"><path d="M3 5h18l-7 8v6l-4 2v-8z" strokeLinejoin="round" /></svg>
        <input
          className={`input mono${error ? ' invalid' : ''}`}
          style={{ flex: 1 }}
          aria-label="Selection filter"
          data-testid="selection-filter"
          placeholder="Filter with a selection, e.g. +group:rollups or key:raw/*"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        {value ? <button type="button" className="btn ghost small" onClick={() => onApply('')}>Clear</button> : null}
        <button type="submit" className="btn small">Apply</button>
      </form>
      {error ? <div className="error-box" role="alert" style={{ marginTop: 6, maxWidth: 420 }} data-testid="selection-error">{error}</div> : null}
    </div>
  );
}
