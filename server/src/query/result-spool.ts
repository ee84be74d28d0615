/**
 * Where sandbox workers write query results for the server to send: a folder of short-lived files,
 * each unlinked as soon as the server opens it. They never need to survive a crash, so they belong
 * in memory: on this machine, writing a 44 MB result into a folder on the disk's file system cost
 * the worker 100–140 ms of kernel time, against some 30 ms on tmpfs.
 *
 * The folder is HAMGAM_QUERY_RESULT_DIR when set; else a folder of this server's own under
 * /dev/shm (tmpfs on Linux) when that is writable and has room for large results (a container's
 * /dev/shm is often 64 MB: a 1M-row result can be twice that); else the export folder beside the replica.
 * A server that died without removing its /dev/shm folder leaves memory behind: the next server to
 * start removes the folders of servers no longer running.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SHM = '/dev/shm';
const PREFIX = 'hamgam-results-';
/** Free room /dev/shm must have to be used: a few of the largest results at once. */
const MIN_SHM_BYTES = 2 ** 30;

export interface ResultSpool {
  dir: string;
  /** Removes the folder when this server made it for itself. */
  close(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function roomyWritableDir(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    if (!statSync(path).isDirectory()) return false;
    const { bavail, bsize } = statfsSync(path);
    return bavail * bsize >= MIN_SHM_BYTES;
  } catch {
    return false;
  }
}

/** Removes the result folders that servers no longer running left in /dev/shm. */
function removeAbandoned(): void {
  for (const name of readdirSync(SHM)) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) rmSync(join(SHM, name), { recursive: true, force: true });
  }
}

export function openResultSpool(configured: string | undefined, fallback: string): ResultSpool {
  if (configured) {
    mkdirSync(configured, { recursive: true });
    return { dir: configured, close: () => undefined };
  }
  if (!roomyWritableDir(SHM)) {
    mkdirSync(fallback, { recursive: true });
    return { dir: fallback, close: () => undefined };
  }
  removeAbandoned();
  // One folder per server (named by its process): the tests run several at once, some in one process.
  const dir = mkdtempSync(join(SHM, `${PREFIX}${process.pid}-`));
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}
