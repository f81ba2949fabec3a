import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STATUS_COLORS, STATUS_ORDER, type GroupFlowNode } from './types';

function MiniStatusBar({ counts, total }: { counts: Readonly<Record<string, number>>; total: number }) {
  return (
    <div className="mini-bar">
      {STATUS_ORDER.map((s) => (counts[s] ? <span key={s} style={{ width: `${(100 * counts[s]!) / total}%`, background: STATUS_COLORS[s] }} /> : null))}
    </div>
  );
}

const zoomSelector = (s: { transform: [number, number, number] }) => s.transform[2];

/** Zoomed out: the group as one box over its assets, its name 18 px on screen (smaller only if it cannot fit). */
function GroupSummary({ data, width }: { data: GroupFlowNode['data']; width: number }) {
  const zoom = useStore(zoomSelector);
  const fitsWidth = (width - 32) / Math.max(4, data.name.length * 0.62);
  const nameSize = Math.min(18 / zoom, fitsWidth);
  return (
    <div className="group-summary" data-testid="group-summary" data-group={data.name} onDoubleClick={() => data.onToggle(data.name)}>
      <div className="group-summary-name" style={{ fontSize: nameSize }}>{data.name}</div>
      <div className="group-summary-count" style={{ fontSize: nameSize * 0.7 }}>
        {data.count.toLocaleString()} assets
        {data.statusCounts.STALE ? ` · ${data.statusCounts.STALE} stale` : ''}
        {data.statusCounts.FAILED ? ` · ${data.statusCounts.FAILED} failed` : ''}
      </div>
      <div style={{ width: '70%', fontSize: nameSize }}><MiniStatusBar counts={data.statusCounts} total={data.count} /></div>
    </div>
  );
}

/** An expanded group: a dashed box behind its assets, with a header to collapse it; a summary box when zoomed out. */
export const GroupBoxNode = memo(function GroupBoxNode({ data, width }: NodeProps<GroupFlowNode>) {
  if (data.summary) return <GroupSummary data={data} width={width ?? 300} />;
  return (
    <div className="group-box" data-group={data.name}>
      <div className="group-head">
        <button className="group-toggle nodrag" aria-label={`Collapse ${data.name}`} onClick={() => data.onToggle(data.name)}>−</button>
        <span>{data.name}</span>
        <span className="subtle">{data.count.toLocaleString()} assets</span>
      </div>
    </div>
  );
});

/** A collapsed group: one box with its asset count and a status breakdown; click to expand. */
export const GroupCollapsedNode = memo(function GroupCollapsedNode({ data }: NodeProps<GroupFlowNode>) {
  return (
    <div className="group-collapsed" data-group={data.name} onDoubleClick={() => data.onToggle(data.name)}>
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ visibility: 'hidden' }} />
      <div className="title">
        <button className="group-toggle nodrag" aria-label={`Expand ${data.name}`} onClick={() => data.onToggle(data.name)}>+</button>
        <span>{data.name}</span>
      </div>
      <span className="subtle" style={{ fontSize: 12 }}>
        {data.count.toLocaleString()} assets
        {data.statusCounts.STALE ? ` · ${data.statusCounts.STALE} stale` : ''}
        {data.statusCounts.FAILED ? ` · ${data.statusCounts.FAILED} failed` : ''}
      </span>
      <MiniStatusBar counts={data.statusCounts} total={data.count} />
      <Handle type="source" position={Position.Right} isConnectable={false} style={{ visibility: 'hidden' }} />
    </div>
  );
});
