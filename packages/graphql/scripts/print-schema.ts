/** Writes the SDL of Baton's schema to packages/graphql/schema.graphql (`npm run schema -w @baton/graphql`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printBatonSchema } from '../src/print-baton-schema';

const target = join(import.meta.dirname, '..', 'schema.graphql');
writeFileSync(target, printBatonSchema());
console.log(`wrote ${target}`);
