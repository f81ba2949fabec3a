// A child process of the step executor pool: loads the project's definitions and runs step attempts
// sent by the parent over IPC (see src/executor/child-main.ts).
import { register } from 'tsx/esm/api';

await Promise.all(['date-fns', '@date-fns/tz'].map((name) => import(name).catch(() => undefined)));
register();
await import('../src/executor/child-main.ts');
