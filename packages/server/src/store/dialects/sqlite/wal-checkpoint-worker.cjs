// The WAL checkpointer's thread (see wal-checkpointer.ts). Plain CommonJS, so that it runs as it
// is from the sources and from the build, with no TypeScript loader in the thread.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);

const database = new Database(workerData.filename);
database.pragma("busy_timeout = 5000");
const checkpoint = () => {
  try {
    // PASSIVE never waits for, or blocks, the connection serving requests.
    database.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ type: "error", message: String(error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  database.close();
  parentPort.close();
});
