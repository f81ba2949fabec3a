import { dailyPartitions } from '@baton/core';

/** Sales and weather exist from the first day. */
export const days = dailyPartitions({ start: '2026-01-01' });

/**
 * Modelling starts a week later: a training set reads the last 7 days, so its first partition is
 * the first day with a full week behind it (earlier days would train on too little data).
 */
export const modelDays = dailyPartitions({ start: '2026-01-07' });
