import type { AssetDefinition } from '@baton/core';
import { z } from 'zod';
import type { DefinitionsTypeError as DefinitionsTypeErrorShape, TypeCheckSource } from '../internal/definitions-state';
import { inputError, toGraphQLError } from '../internal/to-graphql-error';
import { selectsField } from '../internal/selects-field';
import { validateInput } from '../internal/validate-input';
import { nameSchema } from '../internal/input-schemas';
import { Asset } from './asset';
import { AssetStatus } from './asset-status';
import { builder } from './builder';
import { PageInfo, TagInput, decodeCursor, encodeCursor, type PageInfoShape } from './common';

const AssetConnection = builder
  .objectRef<{ nodes: readonly AssetDefinition[]; pageInfo: PageInfoShape; totalCount: number }>('AssetConnection')
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [Asset], resolve: (c) => [...c.nodes] }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt('totalCount', { description: 'Assets matching the filters (all pages).' }),
    }),
  });

const AssetFilter = builder.inputType('AssetFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive substring of the key or description.' }),
    group: t.string(),
    tag: t.field({ type: TagInput, description: 'A tag key, and optionally its value.' }),
    owner: t.string(),
    kind: t.string(),
    status: t.field({ type: [AssetStatus] }),
  }),
});

const filterSchema = z.object({
  search: z.string().max(200).nullish(),
  group: z.string().min(1).max(200).nullish(),
  tag: z.object({ key: z.string().min(1).max(200), value: z.string().max(200).nullish() }).nullish(),
  owner: z.string().min(1).max(200).nullish(),
  kind: z.string().min(1).max(200).nullish(),
  status: z.array(z.string()).max(5).nullish(),
});
const pageSchema = z.object({ first: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000'), after: z.string().max(500).nullish() });

builder.queryField('assets', (t) =>
  t.field({
    type: AssetConnection,
    description: 'The asset catalog in key order, filtered and paginated.',
    args: { filter: t.arg({ type: AssetFilter }), first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const filter = validateInput(filterSchema, args.filter ?? {}, 'filter');
      // node fields (status) then resolve synchronously
      if (selectsField(info, 'status') || selectsField(info, 'latestMaterialization')) await ctx.plannerState();
      const page = validateInput(pageSchema, { first: args.first, after: args.after }, 'assets');
      const defs = ctx.definitions();
      const graph = defs.graph;
      const search = filter.search?.toLowerCase();
      const tests: ((a: AssetDefinition) => boolean)[] = [];
      if (search) tests.push((a) => a.key.toLowerCase().includes(search) || (a.description ?? '').toLowerCase().includes(search));
      if (filter.group) tests.push((a) => a.group === filter.group);
      if (filter.owner) tests.push((a) => a.owners.includes(filter.owner!));
      if (filter.kind) tests.push((a) => a.kinds.includes(filter.kind!));
      if (filter.tag) tests.push((a) => filter.tag!.key in a.tags && (filter.tag!.value == null || a.tags[filter.tag!.key] === filter.tag!.value));
      if (filter.status && filter.status.length > 0) {
        const state = await ctx.plannerState();
        const wanted = new Set(filter.status);
        tests.push((a) => wanted.has(state.status(a.key)));
      }
      let start = 0;
      if (page.after) {
        const afterKey = decodeCursor(page.after);
        if (!afterKey) throw inputError('INPUT_INVALID', `Invalid assets.after: "${page.after}" is not a cursor from this API`);
        // first key strictly after the cursor key (keys are sorted)
        let lo = 0;
        let hi = graph.keys.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (graph.keys[mid]! <= afterKey) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      if (tests.length === 0) {
        // no filter: a slice of the sorted keys
        const nodes = graph.keys.slice(start, start + page.first).map((k) => graph.node(k) as AssetDefinition);
        const more = start + page.first < graph.keys.length;
        return { nodes, totalCount: graph.keys.length, pageInfo: { endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.key) : null, hasNextPage: more } };
      }
      const nodes: AssetDefinition[] = [];
      let total = 0;
      let last: string | null = null;
      let more = false;
      for (let i = 0; i < graph.keys.length; i++) {
        const a = graph.nodeAt(i) as AssetDefinition;
        if (!tests.every((test) => test(a))) continue;
        total++;
        if (i < start) continue;
        if (nodes.length < page.first) {
          nodes.push(a);
          last = a.key;
        } else more = true;
      }
      return { nodes, totalCount: total, pageInfo: { endCursor: last === null ? null : encodeCursor(last), hasNextPage: more } };
    },
  }),
);

builder.queryField('asset', (t) =>
  t.field({
    type: Asset,
    description: 'One asset by key (an error with code ASSET_NOT_FOUND and a did-you-mean hint when it is not defined).',
    args: { key: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => {
      try {
        return ctx.definitions().get(args.key);
      } catch (error) {
        throw toGraphQLError(error as never);
      }
    },
  }),
);

builder.queryField('dynamicPartitions', (t) =>
  t.stringList({
    description: 'The current keys of a dynamic partitions definition.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.storage.getDynamicPartitions(validateInput(nameSchema, args.name, 'name')),
  }),
);

const DefinitionsError = builder
  .objectRef<{ message: string; file: string | null; assetKey: string | null; code: string | null }>('DefinitionsError')
  .implement({
    fields: (t) => ({
      message: t.exposeString('message'),
      file: t.exposeString('file', { nullable: true }),
      assetKey: t.exposeString('assetKey', { nullable: true }),
      code: t.exposeString('code', { nullable: true }),
    }),
  });

const DefinitionsTypeError = builder.objectRef<DefinitionsTypeErrorShape>('DefinitionsTypeError').implement({
  description: 'A TypeScript error in the project (file and position relative to the project directory).',
  fields: (t) => ({
    file: t.exposeString('file'),
    line: t.exposeInt('line', { description: '1-based; 0 for an error without a position (e.g. in tsconfig.json).' }),
    column: t.exposeInt('column'),
    code: t.exposeString('code', { description: 'The TypeScript code, e.g. TS2322.' }),
    message: t.exposeString('message'),
  }),
});

const TypeCheckStatus = builder.enumType('TypeCheckStatus', {
  description: "Where `baton dev`'s background type check stands.",
  values: {
    OFF: { value: 'off', description: 'Nothing type-checks the definitions (e.g. `baton dev --no-typecheck`).' },
    CHECKING: { value: 'checking', description: 'A check is running (the errors are those of the previous one).' },
    PASSED: { value: 'passed', description: 'No type errors.' },
    FAILED: { value: 'failed', description: 'The latest check found type errors (runs are not blocked).' },
    UNAVAILABLE: { value: 'unavailable', description: 'tsc could not run (see the dev server output).' },
  } as const,
});

const DefinitionsStatus = builder
  .objectRef<{ ok: boolean; assetCount: number; error: { message: string; file: string | null; assetKey: string | null; code: string | null } | null; typeCheck: TypeCheckSource }>('DefinitionsStatus')
  .implement({
    description: 'Whether the definitions loaded. On a load error the server keeps serving the last good definitions.',
    fields: (t) => ({
      ok: t.exposeBoolean('ok'),
      assetCount: t.exposeInt('assetCount', { description: 'Assets in the definitions being served (the last good ones on error).' }),
      error: t.field({ type: DefinitionsError, nullable: true, resolve: (s) => s.error }),
      typeCheck: t.field({ type: TypeCheckStatus, resolve: (s) => s.typeCheck.status }),
      typeErrors: t.field({
        type: [DefinitionsTypeError],
        description: 'TypeScript errors of the latest type check (empty when it passed or none runs). They do not block runs.',
        resolve: (s) => [...s.typeCheck.errors],
      }),
    }),
  });

builder.queryField('definitionsStatus', (t) =>
  t.field({
    type: DefinitionsStatus,
    resolve: (_root, _args, ctx) => {
      const { definitions, error, typeCheck } = ctx.definitionsState;
      return {
        ok: !error && definitions !== undefined,
        assetCount: definitions?.assets.length ?? 0,
        error: error ? { message: error.message, file: error.file ?? null, assetKey: error.assetKey ?? null, code: error.code ?? null } : null,
        typeCheck,
      };
    },
  }),
);
