/** Options every command accepts. */
export interface GlobalOptions {
  readonly projectDir?: string;
  readonly defs?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}
