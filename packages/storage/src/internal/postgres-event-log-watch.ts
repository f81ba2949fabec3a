import type pg from 'pg';
import type { StartEventLogWatch } from './event-log-watch';

/**
 * The NOTIFY channel of a schema's event log: the `0005-event-notify` trigger sends on it after every
 * statement that inserts events (PostgreSQL folds the notifications of one transaction into one, and
 * delivers them at commit).
 */
export function eventChannel(schema: string): string {
  return `baton_events_${schema}`.slice(0, 63);
}

/**
 * Listens on the schema's event channel over one dedicated connection (outside the pool: LISTEN holds
 * its session). A lost connection is opened again with backoff; every (re)connection wakes the
 * listeners once, since notifications sent while it was away are gone. `driver` is the loaded `pg` module
 * (the caller loads it lazily, so SQLite projects never load it).
 */
export function postgresEventLogWatch(driver: Pick<typeof pg, 'Client'>, config: pg.ClientConfig, schema: string): StartEventLogWatch {
  const channel = eventChannel(schema);
  return (wake) => {
    let stopped = false;
    let client: pg.Client | undefined;
    let retryMs = 250;
    let timer: NodeJS.Timeout | undefined;
    const reconnect = () => {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, 10_000);
    };
    const connect = async () => {
      const c = new driver.Client(config);
      client = c;
      c.on('error', () => {
        if (client === c) client = undefined;
        c.end().catch(() => {});
        reconnect();
      });
      c.on('notification', (message) => {
        if (message.channel === channel) wake();
      });
      try {
        await c.connect();
        await c.query(`listen "${channel}"`);
        if (stopped) return void c.end().catch(() => {});
        retryMs = 250;
        wake();
      } catch {
        if (client === c) client = undefined;
        c.end().catch(() => {});
        reconnect();
      }
    };
    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      client?.end().catch(() => {});
      client = undefined;
    };
  };
}
