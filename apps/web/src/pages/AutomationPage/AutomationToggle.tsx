import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphqlRequest } from '../../api/graphql-request';
import { StartScheduleMutation, StartSensorMutation, StopScheduleMutation, StopSensorMutation } from '../../api/queries/automation';
import { unwrapResult } from '../../api/queries/mutations';

async function setRunning(kind: 'schedule' | 'sensor', name: string, running: boolean): Promise<void> {
  if (kind === 'schedule' && running) unwrapResult((await graphqlRequest(StartScheduleMutation, { name })).startSchedule, 'ScheduleSuccess');
  else if (kind === 'schedule') unwrapResult((await graphqlRequest(StopScheduleMutation, { name })).stopSchedule, 'ScheduleSuccess');
  else if (running) unwrapResult((await graphqlRequest(StartSensorMutation, { name })).startSensor, 'SensorSuccess');
  else unwrapResult((await graphqlRequest(StopSensorMutation, { name })).stopSensor, 'SensorSuccess');
}

/** A RUNNING / STOPPED switch for a schedule or sensor: calls start/stop and refreshes the automation queries. */
export function AutomationToggle({ kind, name, running }: { kind: 'schedule' | 'sensor'; name: string; running: boolean }) {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => setRunning(kind, name, !running),
    onSettled: () => client.invalidateQueries({ queryKey: ['automation'] }),
  });
  const label = running ? 'Running' : 'Stopped';
  return (
    <span className="toggle-wrap">
      <button
        type="button"
        role="switch"
        aria-checked={running}
        aria-label={`${running ? 'Stop' : 'Start'} ${kind} ${name}`}
        title={running ? `Stop ${name}: the daemon skips it until started again` : `Start ${name} from now on (missed ticks are not caught up)`}
        className={`switch${running ? ' on' : ''}`}
        data-testid={`automation-toggle-${name}`}
        data-status={running ? 'RUNNING' : 'STOPPED'}
        disabled={toggle.isPending}
        onClick={(e) => {
          e.stopPropagation();
          toggle.mutate();
        }}
      >
        <span className="knob" />
      </button>
      <span className={running ? 'toggle-label on' : 'toggle-label'}>{toggle.isPending ? (running ? 'Stopping…' : 'Starting…') : label}</span>
      {toggle.error ? <span className="toggle-error" role="alert">{toggle.error.message}</span> : null}
    </span>
  );
}
