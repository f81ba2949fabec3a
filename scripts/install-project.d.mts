// Types of install-project.mjs, for the TypeScript benchmarks that use it.
export declare const REPO: string;
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}
export declare function userEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function run(command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult>;
export declare function packAll(options?: { skipBuild?: boolean; log?: (line: string) => void }): Promise<{ dir: string; tarballs: string[] }>;
export declare function outsideFolder(prefix: string): string;
export declare function installProject(
  tarballs: readonly string[],
  options?: { log?: (line: string) => void; init?: boolean },
): Promise<{ dir: string; timings: { installMs: number; devInstallMs?: number } }>;
export declare function batonBin(dir: string): string;
export declare function resolveFrom(dir: string, specifier: string): string;
