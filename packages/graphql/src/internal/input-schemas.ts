import { z } from 'zod';

// Argument schemas shared by several fields. Built once: a zod schema costs more to build than to run,
// so building one per resolution made a fifth of a small query's CPU.

/** A page size (`first`) of at most 1000. */
export const pageSizeSchema = z.number().int().min(1).max(1000);
/** An event seq (digits), optional. */
export const seqSchema = z.string().regex(/^\d{1,19}$/, 'must be an event seq (digits)').nullish();
/** A name (dynamic partitions, sensors, schedules…), non-empty. */
export const nameSchema = z.string().min(1, 'must not be empty').max(200);
/** An asset selection string, optional. */
export const optionalSelectionSchema = z.string().min(1, 'must not be empty').max(10_000).nullish();
