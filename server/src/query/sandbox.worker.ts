/**
 * The sandbox worker: a child process of the server that runs analyst SQL on the analysis replica,
 * one job at a time. The server can kill it at any moment (a runaway query, a memory bomb past the
 * address-space cap it was started with); it then starts a new one. It opens the replica again
 * whenever the server says a newer one was published.
 */
import { join } from 'node:path';
import { AnalysisSandbox } from '@hamgam/warehouse';
import { type FromWorker, type ReplicaRef, type ToWorker, WORKER_SETTINGS_ENV, type WorkerSettings } from './worker-protocol.js';

const settings = JSON.parse(process.env[WORKER_SETTINGS_ENV] ?? 'null') as WorkerSettings | null;
if (!settings || !process.send) {
  console.error('sandbox worker: started without its settings or an IPC channel');
  process.exit(2);
}

let sandbox: AnalysisSandbox | null = null;
let opened: ReplicaRef | null = null;
let currentJob: string | null = null;

function send(message: FromWorker): void {
  process.send!(message);
}

async function sandboxFor(replica: ReplicaRef): Promise<AnalysisSandbox> {
  if (sandbox && opened && opened.path === replica.path && opened.version === replica.version) return sandbox;
  sandbox?.close();
  sandbox = null;
  sandbox = await AnalysisSandbox.open(replica.path, settings!.exportDir, settings!.limits);
  opened = replica;
  return sandbox;
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'cancel') {
    if (message.id === currentJob) sandbox?.interrupt('cancelled');
    return;
  }
  currentJob = message.id;
  try {
    const box = await sandboxFor(message.replica);
    // A result goes to a file in the export folder, written as it is read: tens of megabytes cost
    // more through the IPC channel (a structured clone each way) than through a file the server
    // streams once and deletes.
    const outcome =
      message.type === 'run'
        ? await box.run(message.sql, {
            rowLimit: message.rowLimit,
            format: message.format,
            timeoutMs: message.timeoutMs,
            file: join(settings!.resultDir, `${message.id}.${message.format}`),
            onProgress: message.progress ? (bytes, columns) => send({ type: 'progress', id: message.id, bytes, columns }) : undefined,
            dictionaries: message.dictionaries,
          })
        : await box.exportTo(message.sql, message.format, message.fileName, { rowLimit: message.rowLimit, timeoutMs: message.timeoutMs });
    send({ type: 'done', id: message.id, outcome });
  } catch (error) {
    send({ type: 'done', id: message.id, outcome: { status: 'failed', message: error instanceof Error ? error.message : String(error), position: null } });
  } finally {
    currentJob = null;
  }
}

process.on('message', (message: ToWorker) => void handle(message));
// The server went away: nothing left to answer to.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
