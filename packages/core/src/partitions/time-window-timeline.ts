import type { CronSchedule } from './cron-schedule';
import type { ZoneOffsets } from './zone-offsets';

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_EMPTY_DAYS = 366 * 30;

/**
 * The ticks (window starts) of a cron schedule in a zone, from `origin` on, generated lazily a
 * local day at a time and cached. Index 0 is the first tick at or after `origin`; negative
 * indices are the ticks before it (needed by mappings with negative offsets).
 *
 * DST rules (Dagster's, shared with schedules through `cronTicksBetween`): ticks are wall-clock
 * times. A wall-clock tick inside the spring gap does not exist for schedules that fire every
 * hour (New York has 23 hourly ticks that day); for other schedules it fires at the first instant
 * after the gap (a 02:30 daily tick fires at 03:00 EDT). A tick inside the repeated autumn hour
 * fires twice for schedules that fire every hour (25 hourly ticks) and once — at the later
 * occurrence — for others. The second copy is flagged in `isSecondCopy` so keys can carry
 * Dagster's `±HHMM` suffix and stay unique.
 */
export class TimeWindowTimeline {
  readonly #schedule: CronSchedule;
  readonly #zone: ZoneOffsets;
  readonly #origin: number;
  readonly #instants: number[] = [];
  readonly #offsets: number[] = [];
  #nextDay: number;
  #before: { instants: number[]; offsets: number[]; span: number } = { instants: [], offsets: [], span: 0 };
  readonly #secondCopies = new Set<number>();

  constructor(schedule: CronSchedule, zone: ZoneOffsets, origin: number) {
    this.#schedule = schedule;
    this.#zone = zone;
    this.#origin = origin;
    this.#nextDay = Math.floor((origin + zone.at(origin) * MINUTE) / DAY) - 1;
  }

  /** Tick instant at index `i` (any integer). */
  instantAt(i: number): number {
    if (i >= 0) {
      this.#ensureIndex(i);
      return this.#instants[i]!;
    }
    this.#ensureBefore(-i);
    const b = this.#before;
    return b.instants[b.instants.length + i]!;
  }

  offsetAt(i: number): number {
    if (i >= 0) {
      this.#ensureIndex(i);
      return this.#offsets[i]!;
    }
    this.#ensureBefore(-i);
    const b = this.#before;
    return b.offsets[b.offsets.length + i]!;
  }

  isSecondCopy(instant: number): boolean {
    return this.#secondCopies.has(instant);
  }

  /** Number of ticks with index >= 0 at or before `t` (0 before the origin). */
  countAtOrBefore(t: number): number {
    if (t < this.#origin) return 0;
    this.#ensureTime(t);
    return upperBound(this.#instants, t);
  }

  /** Index of the last tick `<= t` (negative before the first tick). */
  indexAtOrBefore(t: number): number {
    if (t >= this.#origin) {
      this.#ensureTime(t);
      return upperBound(this.#instants, t) - 1;
    }
    let need = 8;
    for (;;) {
      this.#ensureBefore(need);
      const b = this.#before.instants;
      if (b.length < need || b[0]! <= t) {
        const k = upperBound(b, t);
        return k - b.length - 1;
      }
      need *= 2;
    }
  }

  /** Index of the first tick `>= t` (may be `count` of generated ticks; generation is extended). */
  indexAtOrAfter(t: number): number {
    const i = this.indexAtOrBefore(t);
    return this.instantAt(i) === t ? i : i + 1;
  }

  /** Direct access to generated forward ticks for hot loops (ensure first). */
  forward(endIndex: number): { instants: readonly number[]; offsets: readonly number[] } {
    if (endIndex > 0) this.#ensureIndex(endIndex - 1);
    return { instants: this.#instants, offsets: this.#offsets };
  }

  #ensureIndex(i: number): void {
    let empty = 0;
    while (this.#instants.length <= i) {
      const before = this.#instants.length;
      this.#generateDay();
      empty = this.#instants.length === before ? empty + 1 : 0;
      if (empty > MAX_EMPTY_DAYS) throw new Error(`cron schedule "${this.#schedule.expression}" produced no tick for ${MAX_EMPTY_DAYS} days`);
    }
  }

  #ensureTime(t: number): void {
    let empty = 0;
    while (this.#instants.length === 0 || this.#instants[this.#instants.length - 1]! <= t) {
      const before = this.#instants.length;
      this.#generateDay();
      empty = this.#instants.length === before ? empty + 1 : 0;
      if (empty > MAX_EMPTY_DAYS) throw new Error(`cron schedule "${this.#schedule.expression}" produced no tick for ${MAX_EMPTY_DAYS} days`);
    }
  }

  #generateDay(): void {
    const out = this.#instants;
    const offs = this.#offsets;
    const last = out.length > 0 ? out[out.length - 1]! : -Infinity;
    const day = this.#nextDay++;
    this.#ticksOfDay(day, (instant, offset) => {
      if (instant >= this.#origin && instant > last) {
        out.push(instant);
        offs.push(offset);
      }
    });
  }

  #ensureBefore(n: number): void {
    const b = this.#before;
    let span = Math.max(b.span, 8 * DAY);
    while (b.instants.length < n) {
      if (span > 400 * 366 * DAY) return;
      if (span > b.span) {
        const instants: number[] = [];
        const offsets: number[] = [];
        const from = this.#origin - span;
        const firstDay = Math.floor((from + this.#zone.at(from) * MINUTE) / DAY) - 1;
        const lastDay = Math.floor((this.#origin + this.#zone.at(this.#origin) * MINUTE) / DAY) + 1;
        for (let day = firstDay; day <= lastDay; day++) {
          this.#ticksOfDay(day, (instant, offset) => {
            if (instant >= from && instant < this.#origin && (instants.length === 0 || instant > instants[instants.length - 1]!)) {
              instants.push(instant);
              offsets.push(offset);
            }
          });
        }
        this.#before = { instants, offsets, span };
        if (instants.length >= n) return;
      }
      span *= 2;
    }
  }

  #ticksOfDay(day: number, emit: (instant: number, offset: number) => void): void {
    const schedule = this.#schedule;
    const base = day * DAY;
    const date = new Date(base);
    if (!schedule.matchesDay(date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay())) return;
    const zone = this.#zone;
    const oa = zone.at(base - DAY);
    const ob = zone.at(base + 2 * DAY);
    const minutes = schedule.minutesOfDay;
    if (oa === ob) {
      const shift = oa * MINUTE;
      for (let k = 0; k < minutes.length; k++) emit(base + minutes[k]! * MINUTE - shift, oa);
      return;
    }
    // a transition happens near this day: resolve every tick exactly
    const ticks: [number, number][] = [];
    for (const m of minutes) {
      const local = base + m * MINUTE;
      const valid: number[] = [];
      for (const o of [oa, ob]) {
        const u = local - o * MINUTE;
        if (zone.at(u) === o && !valid.includes(u)) valid.push(u);
      }
      valid.sort((x, y) => x - y);
      if (valid.length === 0) {
        // in the spring gap: every-hour schedules skip it; others fire at the first instant after it
        if (!schedule.everyHour) {
          const u = this.#transitionBefore(local - oa * MINUTE, local - ob * MINUTE);
          ticks.push([u, zone.at(u)]);
        }
      } else if (valid.length === 1) {
        ticks.push([valid[0]!, zone.at(valid[0]!)]);
      } else if (!schedule.everyHour) {
        // a repeated wall time: schedules that do not fire every hour fire once, at the later occurrence
        ticks.push([valid[1]!, zone.at(valid[1]!)]);
      } else {
        ticks.push([valid[0]!, zone.at(valid[0]!)]);
        ticks.push([valid[1]!, zone.at(valid[1]!)]);
        this.#secondCopies.add(valid[1]!);
      }
    }
    ticks.sort((x, y) => x[0] - y[0]);
    let prev = -Infinity;
    for (const [u, o] of ticks) {
      if (u !== prev) emit(u, o);
      prev = u;
    }
  }

  /** The instant the offset changes, in (`before`, `after`]: `after` has the new offset, `before` the old (minute precision). */
  #transitionBefore(after: number, before: number): number {
    const zone = this.#zone;
    const next = zone.at(after);
    let lo = before;
    let hi = after;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (zone.at(mid) === next) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** Number of elements `<= value` in an ascending array. */
export function upperBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements `< value` in an ascending array. */
export function lowerBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
