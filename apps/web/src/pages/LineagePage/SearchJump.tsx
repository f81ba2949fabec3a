import { useMemo, useState } from 'react';
import type { LineageAsset } from '../../graph/LineageGraph';
import { StatusBadge } from '../../components/StatusBadge';

/** Search-and-jump: type part of a key, pick a match (arrows + Enter), and the canvas centres on it. */
export function SearchJump({ assets, onJump }: { assets: readonly LineageAsset[]; onJump: (key: string) => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [hl, setHl] = useState(0);
  const matches = useMemo(() => {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const out: LineageAsset[] = [];
    for (const a of assets) {
      if (a.key.toLowerCase().includes(q)) out.push(a);
      if (out.length >= 12) break;
    }
    return out;
  }, [assets, text]);
  const pick = (a: LineageAsset | undefined) => {
    if (!a) return;
    onJump(a.key);
    setOpen(false);
    setText(a.key);
  };
  return (
    <div style={{ position: 'relative' }}>
      <div className="toolbar-card" style={{ width: 260 }}>
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="#7c8292" strokeWidth="2" style={{ marginLeft: 6 }} aria-hidden="true"><circle cx="11" cy="11" r="7" /><path d="m20 20-4-4" /></svg>
        <input
          className="input"
          style={{ flex: 1 }}
          aria-label="Search assets"
          data-testid="asset-search"
          placeholder="Jump to asset…"
          value={text}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setText(e.target.value);
            setHl(0);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setHl((h) => Math.min(h + 1, matches.length - 1));
            else if (e.key === 'ArrowUp') setHl((h) => Math.max(h - 1, 0));
            else if (e.key === 'Enter') pick(matches[hl]);
          }}
        />
      </div>
      {open && matches.length > 0 ? (
        <div className="search-results" role="listbox">
          {matches.map((a, i) => (
            <button key={a.key} className={i === hl ? 'hl' : ''} onMouseDown={() => pick(a)} role="option" aria-selected={i === hl}>
              <span className="mono" style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>{a.key}</span>
              <StatusBadge status={a.status} />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
