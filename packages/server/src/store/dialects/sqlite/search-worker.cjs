// A search worker thread (see search-worker-pool.ts). Plain CommonJS, so that it runs as it is
// from the sources and from the build, with no TypeScript loader in the thread.
// Each worker reads the database through its own read-only connection: in WAL mode readers
// never wait for the writer, so searches run on another core while the main thread streams.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);

const database = new Database(workerData.filename, { readonly: true, fileMustExist: true });
database.pragma("busy_timeout = 5000");
const statement = database.prepare(workerData.searchStatement);
// Prepared when first needed: only experiences in another language than English search it.
let analysedStatement;
const passagesStatement = database.prepare(workerData.passagesByIdStatement);

parentPort.on("message", (message) => {
  if (message.type === "stop") {
    database.close();
    parentPort.close();
    return;
  }
  try {
    let rows = [];
    const search = message.analysed
      ? (analysedStatement ??= database.prepare(workerData.analysedSearchStatement))
      : statement;
    for (const expression of message.expressions) {
      rows = search.all(expression, message.experienceId, message.limit);
      if (rows.length >= message.minimumHits) break;
    }
    const passageIds = rows.map((row) => row.passageId);
    // Loading the candidates here too keeps that read (and its rows' decoding) off the main thread.
    const passages =
      message.withPassages && passageIds.length > 0
        ? passagesStatement.all(JSON.stringify(passageIds))
        : undefined;
    parentPort.postMessage({
      id: message.id,
      passageIds,
      ranks: rows.map((row) => row.rank),
      passages,
    });
  } catch (error) {
    parentPort.postMessage({
      id: message.id,
      error: String(error && error.message ? error.message : error),
    });
  }
});
