import { queryOptions } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../graphql';
import { graphqlRequest } from '../graphql-request';

/** Name of the declarative conditions' tick history (the daemon's `CONDITIONS_NAME`). */
export const CONDITIONS_NAME = '__conditions';

export const TickFields = graphql(`
  fragment TickFields on AutomationTick @_unmask {
    id name timestamp status summary runIds error evaluation
    requests { assetKeys partitionKeys runKey }
  }
`);
export type TickItem = ResultOf<typeof TickFields>;

export const AutomationQuery = graphql(
  `
  query Automation {
    schedules { name kind cron timezone target status nextTickAt catchUp description lastTick { ...TickFields } }
    sensors { name kind sensorType intervalSeconds target watchedAssets runStatus status nextTickAt description lastTick { ...TickFields } }
    conditions: automationTicks(name: "__conditions", first: 1) { nodes { ...TickFields } }
  }
`,
  [TickFields],
);
export type AutomationData = ResultOf<typeof AutomationQuery>;
export type ScheduleItem = AutomationData['schedules'][number];
export type SensorItem = AutomationData['sensors'][number];

/**
 * Every schedule and sensor (status, next tick, last tick) and the latest declarative conditions tick;
 * refreshed every 5 s so next ticks and statuses stay current.
 *
 * @example
 * useQuery(automationQuery());
 */
export const automationQuery = () =>
  queryOptions({
    queryKey: ['automation'],
    queryFn: ({ signal }) => graphqlRequest(AutomationQuery, {}, { signal }),
    refetchInterval: 5000,
  });

export const AutomationDetailQuery = graphql(
  `
  query AutomationDetail($name: String!, $first: Int!, $after: String) {
    schedule(name: $name) { name kind cron timezone target status nextTickAt catchUp description partitionKeys tags { key value } }
    sensor(name: $name) { name kind sensorType intervalSeconds target watchedAssets runStatus status nextTickAt description }
    automationTicks(name: $name, first: $first, after: $after) { nodes { ...TickFields } pageInfo { endCursor hasNextPage } }
  }
`,
  [TickFields],
);
export type AutomationDetailData = ResultOf<typeof AutomationDetailQuery>;

/**
 * One schedule, sensor or the conditions (`__conditions`) with its tick history, newest first.
 *
 * @example
 * useQuery(automationDetailQuery('hourly_ingest'));
 */
export const automationDetailQuery = (name: string, first = 30) =>
  queryOptions({
    queryKey: ['automation', name, first],
    queryFn: ({ signal }) => graphqlRequest(AutomationDetailQuery, { name, first }, { signal }),
    refetchInterval: 5000,
  });

export const AssetAutomationQuery = graphql(`
  query AssetAutomation($key: String!) {
    asset(key: $key) {
      key
      automationCondition { text json }
      automationEvaluation
      freshness { status reason nextChangeAt lastMaterializedAt policy }
    }
  }
`);
export type AssetAutomationData = NonNullable<ResultOf<typeof AssetAutomationQuery>['asset']>;

/**
 * An asset's automation condition, freshness against its policy and latest evaluation in plain words.
 *
 * @example
 * useQuery(assetAutomationQuery('reports/region_leaderboard'));
 */
export const assetAutomationQuery = (key: string) =>
  queryOptions({
    queryKey: ['asset', key, 'automation'],
    queryFn: ({ signal }) => graphqlRequest(AssetAutomationQuery, { key }, { signal }),
    refetchInterval: 10_000,
  });

export const StartScheduleMutation = graphql(`
  mutation StartSchedule($name: String!) {
    startSchedule(name: $name) { __typename ... on ScheduleSuccess { schedule { name status nextTickAt } } ... on UserError { code message hint } }
  }
`);
export const StopScheduleMutation = graphql(`
  mutation StopSchedule($name: String!) {
    stopSchedule(name: $name) { __typename ... on ScheduleSuccess { schedule { name status nextTickAt } } ... on UserError { code message hint } }
  }
`);
export const StartSensorMutation = graphql(`
  mutation StartSensor($name: String!) {
    startSensor(name: $name) { __typename ... on SensorSuccess { sensor { name status nextTickAt } } ... on UserError { code message hint } }
  }
`);
export const StopSensorMutation = graphql(`
  mutation StopSensor($name: String!) {
    stopSensor(name: $name) { __typename ... on SensorSuccess { sensor { name status nextTickAt } } ... on UserError { code message hint } }
  }
`);
