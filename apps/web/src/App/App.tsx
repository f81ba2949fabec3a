import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { createQueryClient } from '../api/query-client';
import { EmptyState } from '../components/States';
import { StorageBanner } from '../components/StorageBanner';
import { Toasts } from '../components/Toast';
import { AssetPage } from '../pages/AssetPage';
import { AutomationDetailPage, AutomationPage } from '../pages/AutomationPage';
import { BackfillLauncher } from '../pages/BackfillLauncher';
import { BackfillPage } from '../pages/BackfillPage';
import { BackfillsPage } from '../pages/BackfillsPage';
import { CatalogPage } from '../pages/CatalogPage';
import { LineagePage } from '../pages/LineagePage';
import { RunPage } from '../pages/RunPage';
import { RunsPage } from '../pages/RunsPage';
import { Link, parseRoute, useLocation, type Route } from '../router';
import { Nav } from './Nav';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'lineage': return <LineagePage />;
    case 'catalog': return <CatalogPage />;
    case 'asset': return <AssetPage key={route.key} assetKey={route.key} />;
    case 'runs': return <RunsPage />;
    case 'run': return <RunPage key={route.id} runId={route.id} />;
    case 'backfills': return <BackfillsPage />;
    case 'backfill-new': return <BackfillLauncher />;
    case 'backfill': return <BackfillPage key={route.id} backfillId={route.id} />;
    case 'automation': return <AutomationPage />;
    case 'automation-detail': return <AutomationDetailPage key={route.name} name={route.name} />;
    case 'not-found':
      return <div className="page"><EmptyState title="Nothing here" action={<Link className="btn" href="/">Back to the lineage</Link>}><p className="muted">There is no page at <code>{route.path}</code>.</p></EmptyState></div>;
  }
}

/** The app: navigation on the left, the routed page on the right, one QueryClient (`client`, or its own). */
export function App({ client: given }: { client?: QueryClient }) {
  const client = useMemo(() => given ?? createQueryClient(), [given]);
  const { pathname } = useLocation();
  const route = parseRoute(pathname);
  return (
    <QueryClientProvider client={client}>
      <div className="shell">
        <Nav route={route} />
        <main className="main"><StorageBanner /><Page route={route} /></main>
      </div>
      <Toasts />
    </QueryClientProvider>
  );
}
