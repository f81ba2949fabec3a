// Public surface of data quality: output schemas and asset checks.
export { validateOutput, formatIssuePath } from './validate-output';
export { rowValidator, validatedRowStream } from './validated-row-stream';
export type { OutputValidation, OutputViolation, ValidateOutputOptions } from './validate-output';
export { isOutputSchema } from './output-schema';
export type { OutputSchema, OutputIssueLike } from './output-schema';
export { check } from './check';
export type { CheckDefinition, CheckOptions, CheckContext, CheckFn, CheckFnResult, CheckSeverity } from './check';
export { evaluateCheck, isBlockingFailure } from './evaluate-check';
export type { CheckOutcome } from './evaluate-check';
export { rowCount, noNulls, uniqueKeys, freshness } from './builtin-checks';
export { validateChecks } from './validate-checks';
export { checkStatusOf } from './check-status';
export type { CheckStatus } from './check-status';
