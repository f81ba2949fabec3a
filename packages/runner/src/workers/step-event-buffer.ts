import type { BatonEvent, EventLog } from '@baton/core';

/**
 * One worker's buffer for the events of steps still running (STEP_STARTED, LOG, retried failures):
 * everything pushed within `delayMs` is appended in one transaction, whatever step it belongs to.
 * When a step ends, `take` hands back its events not yet written, so they go into the step's closing
 * transaction instead of one of their own. Every PostgreSQL transaction appending events serialises
 * on the event log: fewer of them is what lets more workers run more steps.
 *
 * @example
 * const buffer = new StepEventBuffer(storage, 100);
 * buffer.push({ type: 'STEP_STARTED', ... });
 * const pending = await buffer.take(runId, stepKey); // prepend to the closing events
 */
export class StepEventBuffer {
  #pending: BatonEvent[] = [];
  #inFlight: Promise<void> | null = null;
  #inFlightSteps = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  readonly #storage: Pick<EventLog, 'appendEvents'>;
  readonly #delayMs: number;

  constructor(storage: Pick<EventLog, 'appendEvents'>, delayMs: number) {
    this.#storage = storage;
    this.#delayMs = delayMs;
  }

  push(event: BatonEvent): void {
    this.#pending.push(event);
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.flush().catch(() => {}); // a failed batch is retried with the next one
      }, this.#delayMs);
      this.#timer.unref?.();
    }
  }

  /**
   * Removes and returns the unwritten events of (runId, stepKey), oldest first, after any batch
   * already on its way that holds some of its events has been stored (so seqs keep their order).
   */
  async take(runId: string, stepKey: string): Promise<BatonEvent[]> {
    const key = stepId(runId, stepKey);
    while (this.#inFlight && this.#inFlightSteps.has(key)) await this.#inFlight.catch(() => {});
    const mine: BatonEvent[] = [];
    const rest: BatonEvent[] = [];
    for (const e of this.#pending) (eventStepId(e) === key ? mine : rest).push(e);
    this.#pending = rest;
    if (rest.length === 0 && this.#timer) {
      // nothing left to wait for: the next event gets a full delay instead of the tail of this timer
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    return mine;
  }

  /** Stores everything pushed so far. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#inFlight) {
      if (this.#inFlight) {
        await this.#inFlight.catch(() => {});
        continue;
      }
      const batch = this.#pending;
      this.#pending = [];
      this.#inFlightSteps = new Set(batch.map(eventStepId));
      this.#inFlight = this.#storage.appendEvents(batch).then(
        () => {
          this.#inFlight = null;
          this.#inFlightSteps.clear();
        },
        (error: unknown) => {
          this.#pending = [...batch, ...this.#pending]; // keep them: retried by the next flush or take
          this.#inFlight = null;
          this.#inFlightSteps.clear();
          throw error;
        },
      );
      await this.#inFlight;
    }
  }

  /** Stops the timer and stores what is left. */
  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}

function eventStepId(event: BatonEvent): string {
  const stepKey: unknown = 'stepKey' in event ? event.stepKey : null;
  return typeof stepKey === 'string' ? stepId(event.runId ?? '', stepKey) : '';
}

function stepId(runId: string, stepKey: string): string {
  return `${runId}\u0000${stepKey}`;
}
