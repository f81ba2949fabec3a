/** A weather station the simulated source reports for. */
export interface Station {
  readonly id: string;
  readonly name: string;
  /** Mean temperature over the year, °F. */
  readonly meanF: number;
  /** Half the difference between summer and winter means, °F. */
  readonly seasonalSwingF: number;
}

/** The stations of the dashboard (a reference table: it lives in code, so it is unpartitioned). */
export const STATIONS: readonly Station[] = [
  { id: 'ksfo', name: 'San Francisco', meanF: 58, seasonalSwingF: 6 },
  { id: 'kord', name: 'Chicago', meanF: 50, seasonalSwingF: 24 },
  { id: 'kphx', name: 'Phoenix', meanF: 76, seasonalSwingF: 18 },
  { id: 'panc', name: 'Anchorage', meanF: 37, seasonalSwingF: 22 },
];
