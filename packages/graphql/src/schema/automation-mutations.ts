import { setAutomationStatus } from '@baton/automation';
import type { ScheduleDefinition, SensorDefinition } from '@baton/core';
import { z } from 'zod';
import { findAutomation, type AutomationEntry, type AutomationKind } from '../internal/automation-catalog';
import { validateInput } from '../internal/validate-input';
import { Schedule, Sensor } from './automation';
import { builder } from './builder';
import { asResult, resultUnion } from './user-errors';

const ScheduleSuccess = builder.objectRef<{ schedule: AutomationEntry<ScheduleDefinition> }>('ScheduleSuccess').implement({
  fields: (t) => ({ schedule: t.field({ type: Schedule, resolve: (s) => s.schedule }) }),
});
const ScheduleResult = resultUnion('ScheduleResult', ScheduleSuccess, 'The schedule after the change, or why it was refused (NotFoundError for an unknown name).');

const SensorSuccess = builder.objectRef<{ sensor: AutomationEntry<SensorDefinition> }>('SensorSuccess').implement({
  fields: (t) => ({ sensor: t.field({ type: Sensor, resolve: (s) => s.sensor }) }),
});
const SensorResult = resultUnion('SensorResult', SensorSuccess, 'The sensor after the change, or why it was refused (NotFoundError for an unknown name).');

const nameSchema = z.string().min(1, 'must not be empty').max(200);

const statusMutation = (field: string, kind: AutomationKind, status: 'running' | 'stopped', description: string) =>
  builder.mutationField(field, (t) =>
    t.field({
      type: kind === 'schedule' ? ScheduleResult : SensorResult,
      description,
      args: { name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => {
        const name = validateInput(nameSchema, args.name, 'name');
        return asResult(async () => {
          const def = findAutomation(ctx.definitions(), kind, name);
          const now = Date.now();
          await setAutomationStatus(ctx.storage, name, kind, status, now);
          const state = await ctx.storage.getAutomationState(name);
          ctx.signal.notify();
          return kind === 'schedule' ? { schedule: { def: def as ScheduleDefinition, state, now } } : { sensor: { def: def as SensorDefinition, state, now } };
        });
      },
    }),
  );

statusMutation('startSchedule', 'schedule', 'running', 'Starts a stopped schedule from now on (ticks missed while it was stopped are not caught up).');
statusMutation('stopSchedule', 'schedule', 'stopped', 'Stops a schedule: the daemon skips it until it is started again.');
statusMutation('startSensor', 'sensor', 'running', 'Starts a stopped sensor; it is evaluated at the next daemon tick.');
statusMutation('stopSensor', 'sensor', 'stopped', 'Stops a sensor: the daemon skips it until it is started again.');
