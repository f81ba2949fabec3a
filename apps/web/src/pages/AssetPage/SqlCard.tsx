/** The query of a SQL asset, as written (upstreams as {{asset key}}, partition bindings as {{partitionKey}}). */
export function SqlCard({ sql }: { sql: string }) {
  return (
    <div className="card" data-testid="sql-card">
      <div className="card-head"><h2>SQL</h2><span className="spacer" /><span className="subtle">runs inside its IO manager</span></div>
      <div className="card-body">
        <pre className="mono" style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12.5 }}>{sql}</pre>
      </div>
    </div>
  );
}
