// The WAL checkpointer's thread (see wal-checkpointer.ts). Plain CommonJS, so that it runs as it
// is from the sources and from the build, with no TypeScript loader in the thread.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { accessSync, constants } = require("node:fs");
const Database = require(workerData.driverPath);

/**
 * Whether the -shm file turned immutable or read-only (EPERM, EROFS): the next checkpoint would
 * write to its mapping and the kernel would kill the whole process with SIGBUS. The same check as
 * shared-memory-watch.ts, repeated here because this thread runs plain CommonJS.
 */
const sharedMemoryLost = () => {
  try {
    accessSync(`${workerData.filename}-shm`, constants.W_OK);
    return false;
  } catch (error) {
    return error.code === "EPERM" || error.code === "EROFS";
  }
};
// A -shm that could not be written from the start was opened read-only by SQLite: no fault.
const watching = !sharedMemoryLost();
let lost = false;

const database = new Database(workerData.filename);
database.pragma("busy_timeout = 5000");
const checkpoint = () => {
  if (lost) return;
  if (watching && sharedMemoryLost()) {
    // Never touch the database again, not even to close it.
    lost = true;
    clearInterval(timer);
    parentPort.postMessage({ type: "shared-memory-lost", message: "" });
    return;
  }
  try {
    // PASSIVE never waits for, or blocks, the connection serving requests.
    database.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // A failing disk (I/O error, full, read-only) fails the requests' writes too, which report
    // it; the next checkpoint tries again once it works. Anything else means this thread cannot
    // do its job: the serving connection then checkpoints by itself.
    if (/^SQLITE_(IOERR|FULL|READONLY)/.test(String(error && error.code))) return;
    parentPort.postMessage({ type: "error", message: String(error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  if (!lost) database.close();
  parentPort.close();
});
