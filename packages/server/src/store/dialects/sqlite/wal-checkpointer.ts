import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * How often the background connection copies the write-ahead log into the database file. SQLite's
 * default (every 1,000 pages, in the writing connection) ran the copy and its fsync on the event
 * loop in the middle of a request, stalling every open answer for up to half a second on a busy
 * disk.
 */
const checkpointIntervalMs = 1000;

const workerFile = new URL("./wal-checkpoint-worker.cjs", import.meta.url);

/**
 * Stops the background checkpoints and closes the worker's connection; resolves once the worker
 * has exited, so the serving connection, closed next, is the last one and checkpoints the rest.
 */
export type StopCheckpointer = () => Promise<void>;

/**
 * Checkpoints the WAL of `filename` from a worker thread with its own connection, so the serving
 * connection (opened with `wal_autocheckpoint = 0` by the caller) never does that work itself.
 * `onFailure` is called if the worker cannot run; the caller then turns automatic checkpoints
 * back on. `onSharedMemoryLost` is called if the worker found the `-shm` file unwritable before a
 * checkpoint (see `shared-memory-watch.ts`): it stopped without touching the database.
 */
export function startWalCheckpointer(
  filename: string,
  onFailure: (error: unknown) => void,
  onSharedMemoryLost: () => void = () => undefined,
): StopCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(workerFile, {
    workerData: { filename, driverPath, intervalMs: checkpointIntervalMs },
  });
  // Never keeps the process alive on its own.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.on("error", (error) => {
    if (!stopped) onFailure(error);
  });
  worker.on("message", (message: { type: string; message: string }) => {
    if (message.type === "error" && !stopped) onFailure(new Error(message.message));
    if (message.type === "shared-memory-lost" && !stopped) onSharedMemoryLost();
  });
  return () => {
    if (!stopped) {
      stopped = true;
      worker.postMessage("stop");
    }
    return exited;
  };
}
