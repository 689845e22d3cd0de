export declare const STUDIO_DIR: string;
export declare const NEXT_BIN: string;
export declare function builtApiPort(distDir: string): number | undefined;
export declare function rebuildReason(distDir: string, apiPort: number): string | null;
export declare function buildCommand(distDir: string, apiPort: number): { command: string; args: string[]; options: { cwd: string; env: Record<string, string | undefined> } };
export declare function ensureStudioBuild(distDir: string, apiPort: number): string | null;
