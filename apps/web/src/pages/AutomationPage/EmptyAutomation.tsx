import { EmptyState } from '../../components/States';

const SNIPPET = `// baton.config.ts
import { asset, definitions, eager, schedule } from '@baton/core';

const rawEvents = asset({
  key: 'raw/events',
  compute: async () => fetchEvents(),
});
const dailySummary = asset({
  key: 'marts/daily_summary',
  ins: { events: rawEvents },
  automation: eager(), // rebuilt whenever raw/events updates
  compute: (ctx, { events }) => summarise(events),
});

export default definitions({
  assets: [rawEvents, dailySummary],
  schedules: [
    schedule({
      name: 'hourly_events',
      cron: '5 * * * *', // at :05 every hour
      timezone: 'UTC',
      target: 'raw/events',
    }),
  ],
});`;

/** What the automation page shows in a project with no schedules, sensors or conditions. */
export function EmptyAutomation() {
  return (
    <EmptyState title="No schedules or sensors yet">
      <p className="muted" style={{ maxWidth: 600 }}>
        A <b>schedule</b> runs a selection on a cron in a time zone; a <b>sensor</b> polls a function (or watches assets) and requests runs;
        an <b>automation condition</b> on an asset (<code>eager()</code>, <code>onCron()</code>, <code>onMissing()</code>) lets the daemon decide.
        Add one to <code>baton.config.ts</code>; <code>baton dev</code> runs the daemon.
      </p>
      <pre className="code" style={{ width: '100%', maxWidth: 680 }} data-testid="schedule-snippet">{SNIPPET}</pre>
    </EmptyState>
  );
}
