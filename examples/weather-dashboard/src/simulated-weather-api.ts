import { seededRandom } from '@baton/core';
import type { Station } from './stations';

/** One reading as the (simulated) weather API returns it: US units, and sometimes garbage. */
export interface RawReading {
  readonly stationId: string;
  /** ISO time of the reading. */
  readonly observedAt: string;
  readonly temperatureF: number;
  /** Relative humidity, %. */
  readonly humidity: number;
  readonly windMph: number;
}

export interface WeatherApi {
  /** Readings of `station` in the hour starting at `hourStart` (epoch ms): one every 15 minutes. */
  readings(station: Station, hourStart: number): RawReading[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * An offline stand-in for a weather API. Temperatures follow the season and the time of day, with
 * noise; about one reading in forty is a sensor glitch (999 °F, -459 °F or 140 % humidity) for the
 * cleaning step to catch. Deterministic: the same seed, station and hour give the same readings.
 *
 * @example
 * const api = simulatedWeatherApi(7);
 * api.readings(STATIONS[0]!, Date.UTC(2026, 0, 1, 12)).length; // 4
 */
export function simulatedWeatherApi(seed: number): WeatherApi {
  return {
    readings(station, hourStart) {
      const random = seededRandom(seed, station.id, hourStart);
      const dayOfYear = (hourStart % (365 * DAY)) / DAY;
      const season = -Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365); // coldest mid-January
      const hourOfDay = (hourStart % DAY) / HOUR;
      const diurnal = -Math.cos((2 * Math.PI * (hourOfDay - 3)) / 24); // coldest at dawn
      return [0, 15, 30, 45].map((minute) => {
        const glitch = random();
        const temperatureF = station.meanF + station.seasonalSwingF * season + 8 * diurnal + (random() - 0.5) * 6;
        const reading: RawReading = {
          stationId: station.id,
          observedAt: new Date(hourStart + minute * 60_000).toISOString(),
          temperatureF: round(temperatureF, 1),
          humidity: round(45 + 30 * random(), 0),
          windMph: round(20 * random() * random(), 1),
        };
        if (glitch < 0.01) return { ...reading, temperatureF: 999 };
        if (glitch < 0.02) return { ...reading, temperatureF: -459.7 };
        if (glitch < 0.025) return { ...reading, humidity: 140 };
        return reading;
      });
    },
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
