import type { LineageData } from '../../api/queries/lineage';

type DefinitionsStatus = LineageData['definitionsStatus'];

/**
 * Above the lineage: why the definitions did not load (the last good ones are shown), and the
 * TypeScript errors of `baton dev`'s background type check (`file:line:col`, code, message), which do
 * not block runs.
 */
export function DefinitionsBanner({ status }: { status: DefinitionsStatus | undefined }) {
  if (!status) return null;
  const loadError = status.ok === false ? status.error : null;
  const typeErrors = status.typeErrors;
  if (!loadError && typeErrors.length === 0) return null;
  return (
    <div style={{ position: 'absolute', top: 64, left: 14, zIndex: 5, maxWidth: 720, display: 'grid', gap: 8 }} data-testid="definitions-banner">
      {loadError ? (
        <div className="error-box" role="alert">
          Definitions failed to load; showing the last good ones. {loadError.file ? `${loadError.file}: ` : ''}{loadError.message}
        </div>
      ) : null}
      {typeErrors.length > 0 ? (
        <div className="error-box" role="alert" data-testid="type-errors">
          <strong>{typeErrors.length} type error{typeErrors.length === 1 ? '' : 's'}</strong> in the project (runs are not blocked):
          <ul style={{ margin: '6px 0 0', paddingLeft: 18, maxHeight: 200, overflow: 'auto' }}>
            {typeErrors.slice(0, 20).map((e) => (
              <li key={`${e.file}:${e.line}:${e.column}:${e.code}`} data-testid="type-error" title={e.message}>
                <code>{e.file}{e.line > 0 ? `:${e.line}:${e.column}` : ''}</code> {e.code}: {summary(e.message)}
              </li>
            ))}
          </ul>
          {typeErrors.length > 20 ? <div className="subtle">and {typeErrors.length - 20} more (see the terminal running baton dev)</div> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The first line of a TypeScript message and, when it elaborates, its most specific (last) line. */
function summary(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 1 ? `${lines[0]} … ${lines[lines.length - 1]}` : (lines[0] ?? '');
}
