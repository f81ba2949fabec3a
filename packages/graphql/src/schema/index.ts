import type { GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './common';
import './user-errors';
import './asset';
import './catalog';
import './catalog-table';
import './lineage';
import './run';
import './plan';
import './backfill';
import './mutations';
import './automation';
import './automation-mutations';
import './automation-asset';
import './checks';
import './checks-mutations';
import './observations';
import './subscriptions';
import './storage-health';

let schema: GraphQLSchema | undefined;

/**
 * Baton's GraphQL schema (built once).
 *
 * @example
 * printSchema(batonSchema()); // the SDL checked in as schema.graphql
 */
export function batonSchema(): GraphQLSchema {
  return (schema ??= builder.toSchema({ sortSchema: true }));
}
