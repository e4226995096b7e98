/** .local-db/server.json: the running server, and why it is not at its preferred port. */
export interface LocalDbState {
  readonly pid: number;
  readonly port: number;
  /** Absent in state files written before it was recorded: DOCUMENTED_PORT. */
  readonly preferredPort?: number;
  /** Why port differs from preferredPort, e.g. "port 27027 was taken". */
  readonly reason?: string;
}

export declare const DOCUMENTED_PORT: number;
export declare function localDbDir(root: string, env: NodeJS.ProcessEnv): string;
export declare function preferredPort(env: NodeJS.ProcessEnv): number;
export declare function urlOf(port: number): string;
export declare function runningLocalDb(dir: string): LocalDbState | undefined;
export declare function movedReason(state: LocalDbState): string | undefined;
export declare function unreachableHint(root: string, env: NodeJS.ProcessEnv): string;
