/** Messages between the server and a sandbox worker (Node IPC, structured clone: bytes travel as Uint8Array). */
import type { ExportFileFormat, RunOutcome, SandboxColumn, SandboxFormat, SandboxLimits } from '@hamgam/warehouse';

export interface ReplicaRef {
  path: string;
  version: number;
}

export type ToWorker =
  /**
   * `progress`: report each write to the result file, so the server can send it as it grows.
   * `dictionaries`: Arrow only, repetitive VARCHAR columns as dictionaries.
   */
  | { type: 'run'; id: string; sql: string; rowLimit: number; timeoutMs: number; format: SandboxFormat; replica: ReplicaRef; progress?: boolean; dictionaries?: boolean }
  | { type: 'export'; id: string; sql: string; rowLimit: number; timeoutMs: number; format: ExportFileFormat; fileName: string; replica: ReplicaRef }
  | { type: 'cancel'; id: string };

export type WorkerOutcome = RunOutcome & { path?: string };

export type FromWorker =
  | { type: 'ready'; pid: number }
  /** So many bytes of the job's result file are written (and these are its columns). */
  | { type: 'progress'; id: string; bytes: number; columns: SandboxColumn[] }
  | { type: 'done'; id: string; outcome: WorkerOutcome };

/** Passed to the worker in its environment: it reads nothing else from the server. */
export interface WorkerSettings {
  exportDir: string;
  /** Where query results are written for the server to send (see result-spool.ts). */
  resultDir: string;
  limits: SandboxLimits;
}

export const WORKER_SETTINGS_ENV = 'HAMGAM_SANDBOX_SETTINGS';
