export { emptyStepState, initialRunState, reduceRun, replayRun, runEventConflict, RunStateMachine } from './reduce-run';
export type { RunState, StepState } from './reduce-run';
export { cancelEventType } from './cancel-event-type';
