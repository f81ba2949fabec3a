import { EmptyState } from '../../components/States';

const SNIPPET = `// baton.config.ts
import { asset, definitions } from '@baton/core';

const rawUsers = asset({
  key: 'raw/users',
  group: 'raw',
  compute: async () => [{ id: 1, name: 'Ada' }],
});

const userCount = asset({
  key: 'marts/user_count',
  ins: { users: rawUsers },
  compute: (ctx, { users }) => users.length,
});

export default definitions({ assets: [rawUsers, userCount] });`;

/** What a project with no assets shows: how to define the first one. */
export function EmptyProject({ error }: { error?: { message?: string | null; file?: string | null } | null }) {
  return (
    <div className="page" style={{ margin: '0 auto', maxWidth: 760 }}>
      <EmptyState title="No assets yet">
        <p className="muted" style={{ maxWidth: 560 }}>
          An asset is a piece of data your code produces: a table, a file, a model. Define one in <code>baton.config.ts</code> at the root of your project; <code>baton dev</code> reloads it as you save.
        </p>
        <pre className="code" style={{ width: '100%' }} data-testid="first-asset-snippet">{SNIPPET}</pre>
        <p className="subtle">Then materialize it from here, or run <code>npm exec baton -- materialize --select raw/users</code>.</p>
        {error?.message ? <div className="error-box" style={{ width: '100%' }}>The definitions did not load{error.file ? ` (${error.file})` : ''}: {error.message}</div> : null}
      </EmptyState>
    </div>
  );
}
