import { formatBytes } from './format-bytes';

interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

/** The `columns` a table IO manager recorded on a materialization, or undefined when there are none. */
export function columnsOf(metadata: unknown): Column[] | undefined {
  const columns = metadata && typeof metadata === 'object' ? (metadata as { columns?: unknown }).columns : undefined;
  if (!Array.isArray(columns)) return undefined;
  return columns.filter((c): c is Column => typeof c === 'object' && c !== null && typeof (c as Column).name === 'string' && typeof (c as Column).type === 'string');
}

/** The stored table's columns (from the latest materialization's metadata), with its row count and size. */
export function SchemaCard({ metadata }: { metadata: unknown }) {
  const columns = columnsOf(metadata);
  if (!columns) return null;
  const m = metadata as { rowCount?: unknown; bytes?: unknown };
  return (
    <div className="card" data-testid="schema-card">
      <div className="card-head">
        <h2>Schema</h2><span className="spacer" />
        <span className="subtle">
          {typeof m.rowCount === 'number' ? `${m.rowCount.toLocaleString()} rows` : null}
          {typeof m.bytes === 'number' ? ` · ${formatBytes(m.bytes)}` : null}
        </span>
      </div>
      <div className="card-body">
        <table className="table">
          <thead><tr><th>column</th><th>type</th><th>nullable</th></tr></thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name} data-testid="schema-column"><td className="mono">{c.name}</td><td className="mono">{c.type}</td><td>{c.nullable ? 'yes' : 'no'}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
