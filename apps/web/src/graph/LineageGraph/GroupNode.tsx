import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STATUS_COLORS, STATUS_ORDER, type GroupFlowNode } from './types';

function MiniStatusBar({ counts, total }: { counts: Readonly<Record<string, number>>; total: number }) {
  return (
    <div className="mini-bar">
      {STATUS_ORDER.map((s) => (counts[s] ? <span key={s} style={{ width: `${(100 * counts[s]!) / total}%`, background: STATUS_COLORS[s] }} /> : null))}
    </div>
  );
}

/** An expanded group: a dashed box behind its assets, with a header to collapse it. */
export const GroupBoxNode = memo(function GroupBoxNode({ data }: NodeProps<GroupFlowNode>) {
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
