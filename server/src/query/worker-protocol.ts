/** Messages between the server and a sandbox worker (Node IPC, structured clone: bytes travel as Uint8Array). */
import type { ExportFileFormat, RunOutcome, SandboxFormat, SandboxLimits } from '@hamgam/warehouse';

export interface ReplicaRef {
  path: string;
  version: number;
}

export type ToWorker =
  | { type: 'run'; id: string; sql: string; rowLimit: number; timeoutMs: number; format: SandboxFormat; replica: ReplicaRef }
  | { type: 'export'; id: string; sql: string; rowLimit: number; timeoutMs: number; format: ExportFileFormat; fileName: string; replica: ReplicaRef }
  | { type: 'cancel'; id: string };

export type WorkerOutcome = RunOutcome & { path?: string };

export type FromWorker = { type: 'ready'; pid: number } | { type: 'done'; id: string; outcome: WorkerOutcome };

/** Passed to the worker in its environment: it reads nothing else from the server. */
export interface WorkerSettings {
  exportDir: string;
  limits: SandboxLimits;
}

export const WORKER_SETTINGS_ENV = 'HAMGAM_SANDBOX_SETTINGS';
