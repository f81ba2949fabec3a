import { Link, type Route } from '../router';

const ITEMS = [
  { href: '/', label: 'Lineage', pages: ['lineage'], icon: 'M4 6h4v4H4zM16 4h4v4h-4zM16 16h4v4h-4zM8 8l8-2M8 8l8 10' },
  { href: '/catalog', label: 'Assets', pages: ['catalog', 'asset'], icon: 'M4 5h16M4 10h16M4 15h16M4 20h10' },
  { href: '/runs', label: 'Runs', pages: ['runs', 'run'], icon: 'M6 4l14 8-14 8z' },
  { href: '/backfills', label: 'Backfills', pages: ['backfills', 'backfill', 'backfill-new'], icon: 'M4 18h16M4 12h10M4 6h6' },
  { href: '/automation', label: 'Automation', pages: ['automation', 'automation-detail'], icon: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2' },
] as const;

/** The dark left navigation. */
export function Nav({ route }: { route: Route }) {
  return (
    <nav className="nav">
      <div className="nav-brand">
        <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#262a35" /><path d="M9 23 23 9" stroke="#34d399" strokeWidth="4" strokeLinecap="round" /></svg>
        <span className="nav-label">Baton</span>
      </div>
      {ITEMS.map((item) => (
        <Link key={item.href} href={item.href} title={item.label} className={(item.pages as readonly string[]).includes(route.page) ? 'active' : ''}>
          <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" aria-hidden="true"><path d={item.icon} /></svg>
          <span className="nav-label">{item.label}</span>
        </Link>
      ))}
      <div className="nav-foot">Asset orchestration for TypeScript</div>
    </nav>
  );
}
