// Writes the authorisation matrix into docs/security.md (between its markers), from the app's
// route table and the declared rules: `npm run docs:authorization-matrix`.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "../../src/app.js";
import { matrixEnd, matrixStart, renderMatrix } from "./authorization-matrix.js";
import { matrixRows } from "./route-samples.js";

const securityDocument = fileURLToPath(new URL("../../../../docs/security.md", import.meta.url));

const app = await createApp({
  databaseUrl: "sqlite::memory:",
  logLevel: "silent",
  rateLimits: false,
  searchWorkers: 0,
});
try {
  const document = readFileSync(securityDocument, "utf8");
  const start = document.indexOf(matrixStart);
  const end = document.indexOf(matrixEnd);
  if (start < 0 || end < 0) throw new Error(`${securityDocument} has no matrix markers`);
  const table = renderMatrix(matrixRows(app.nexus.routes));
  writeFileSync(
    securityDocument,
    document.slice(0, start) + table + document.slice(end + matrixEnd.length),
  );
  console.log(`authorisation matrix written to ${securityDocument}`);
} finally {
  await app.close();
}
