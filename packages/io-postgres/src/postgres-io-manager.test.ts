import pg from 'pg';
import { informationSchemaColumns, ioManagerConformance } from '../../../test/io-conformance/io-manager-conformance';
import { postgresIOManager } from './postgres-io-manager';

const url = process.env.BATON_TEST_POSTGRES_URL;
let counter = 0;

ioManagerConformance({
  name: 'PostgreSQL tables',
  skip: url ? undefined : 'set BATON_TEST_POSTGRES_URL to run it',
  async open() {
    // every test gets its own schemas (one per group), dropped afterwards
    const prefix = `baton_io_${process.pid}_${Date.now().toString(36)}_${++counter}`;
    const io = postgresIOManager({ connectionString: url!, schema: (ctx) => `${prefix}_${ctx.group ?? 'default'}` });
    return {
      io,
      columnNames: (ctx) => informationSchemaColumns((q, p) => io.query(q, p), io.locate(ctx)),
      async close() {
        await io.close();
        const admin = new pg.Client({ connectionString: url! });
        await admin.connect();
        try {
          const { rows } = await admin.query<{ nspname: string }>('select nspname from pg_namespace where starts_with(nspname, $1)', [prefix]);
          for (const r of rows) await admin.query(`drop schema "${r.nspname}" cascade`);
        } finally {
          await admin.end();
        }
      },
    };
  },
});
