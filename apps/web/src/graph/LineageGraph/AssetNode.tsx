import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { STATUS_COLORS, type AssetFlowNode } from './types';

const STATUS_TEXT: Readonly<Record<string, string>> = { FRESH: 'Fresh', STALE: 'Stale', MISSING: 'Missing', FAILED: 'Failed', IN_PROGRESS: 'Running' };

/** One asset on the lineage canvas: name, status, kinds; zoomed out, a plain box (or nothing, under its group's summary). */
export const AssetNode = memo(function AssetNode({ data, selected }: NodeProps<AssetFlowNode>) {
  // below `liteBelow` text would be illegible: a plain coloured box (cheap for thousands)
  const lite = useStore((s) => s.transform[2] < data.liteBelow);
  const cls = data.status.toLowerCase();
  if (lite && data.inGroup) {
    // the group's summary box covers it
    return (
      <div className="asset-node-hidden" data-key={data.assetKey} aria-hidden="true">
        <Handle type="target" position={Position.Left} isConnectable={false} style={{ visibility: 'hidden' }} />
        <Handle type="source" position={Position.Right} isConnectable={false} style={{ visibility: 'hidden' }} />
      </div>
    );
  }
  if (lite) {
    return (
      <div className="asset-node-lite" title={data.assetKey} style={{ background: STATUS_COLORS[data.status] ?? '#9aa1ae', opacity: selected ? 1 : 0.8 }} data-key={data.assetKey}>
        <Handle type="target" position={Position.Left} isConnectable={false} style={{ visibility: 'hidden' }} />
        <Handle type="source" position={Position.Right} isConnectable={false} style={{ visibility: 'hidden' }} />
      </div>
    );
  }
  return (
    <div className={`asset-node ${cls}${selected ? ' selected' : ''}`} data-key={data.assetKey} data-status={data.status} title={data.assetKey}>
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ visibility: 'hidden' }} />
      <div className="name">{data.label}</div>
      {data.checkStatus === 'FAILING' || data.checkStatus === 'WARN' ? (
        <span className={`node-check ${data.checkStatus === 'FAILING' ? 'failing' : 'warn'}`} data-testid="node-check-badge" data-status={data.checkStatus} title={data.checkStatus === 'FAILING' ? 'an error check failed' : 'a warn check failed'}>
          {data.checkStatus === 'FAILING' ? '✕ check' : '! check'}
        </span>
      ) : null}
      <div className="meta">
        <span className="dot" style={{ background: STATUS_COLORS[data.status] }} />
        <span>{STATUS_TEXT[data.status] ?? data.status}</span>
        {data.upstreamChangesPending ? <span className="node-pending" data-testid="node-upstream-pending" title="fresh by its own inputs and code; something upstream is out of date">· upstream changes pending</span> : null}
        {data.partitionCount ? <span>· {data.partitionCount.toLocaleString()} partitions</span> : null}
        {data.isSource ? <span>· source</span> : null}
        {data.kinds.length > 0 ? <span>· {data.kinds.join(', ')}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={{ visibility: 'hidden' }} />
    </div>
  );
});
