import { seededRandom } from '@baton/core';

/** A store; `city` decides its weather, `sizeK` (thousand m²) its baseline demand. */
export interface Store {
  readonly id: string;
  readonly city: string;
  readonly sizeK: number;
}

export const STORES: readonly Store[] = [
  { id: 'store-1', city: 'lisbon', sizeK: 2.5 },
  { id: 'store-2', city: 'lisbon', sizeK: 1.2 },
  { id: 'store-3', city: 'porto', sizeK: 1.8 },
  { id: 'store-4', city: 'porto', sizeK: 3.1 },
];
export const CITIES = ['lisbon', 'porto'] as const;

/** The weather that really happened in a city on a day (the simulation's ground truth). */
export function trueWeather(day: string, city: string): { temperatureC: number; rainMm: number } {
  const random = seededRandom('weather', city, day);
  const dayOfYear = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;
  const season = -Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365);
  const temperatureC = (city === 'lisbon' ? 17 : 15) + 6 * season + (random() - 0.5) * 8;
  const rainMm = random() < 0.35 ? -Math.log(1 - random()) * 6 : 0;
  return { temperatureC: round(temperatureC), rainMm: round(rainMm) };
}

/**
 * The demand the simulation hides for the model to find: more units when it is warm, fewer when it
 * rains, more at weekends, proportional-ish to store size, plus noise.
 */
export function trueUnits(day: string, store: Store): number {
  const { temperatureC, rainMm } = trueWeather(day, store.city);
  const weekend = isWeekend(day) ? 1 : 0;
  const noise = (seededRandom('units', store.id, day)() - 0.5) * 16;
  return Math.max(0, Math.round(30 * store.sizeK + 2.5 * temperatureC - 3 * rainMm + 20 * weekend + noise));
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
