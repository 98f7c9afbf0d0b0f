import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sessionSecretHeader } from "@nexus-chat/protocol";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  credentialColumns,
  expectedDecision,
  matrixEnd,
  matrixStart,
  renderMatrix,
  type Credential,
} from "../../test/support/authorization-matrix.js";
import {
  createOperator,
  signIn,
  type SignedInOperator,
} from "../../test/support/console-sessions.js";
import { matrixRows, newSession, type MatrixFixtures } from "../../test/support/route-samples.js";
import { adminToken, startTestApp, type TestApp } from "../../test/support/test-app.js";

const securityDocument = fileURLToPath(new URL("../../../../docs/security.md", import.meta.url));

/**
 * The standing credential matrix (issue 16): every route the app registers × every kind of
 * credential, each cell sent as a real request and compared with what the route's declared rule
 * calls for. A route without a sample request fails here, so no route joins without its row.
 */
describe("the authorisation matrix", { timeout: 240_000 }, () => {
  let test: TestApp;
  let fixtures: MatrixFixtures;
  let directory: string;
  const operators = new Map<string, SignedInOperator>();
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "nexus-matrix-"));
    // Built pages and widget files, so that every public route answers 200.
    for (const folder of ["demo", "console", "widget"]) mkdirSync(join(directory, folder));
    for (const file of ["index.html", "demo.js", "demo.js.map", "demo.css"])
      writeFileSync(join(directory, "demo", file), "x");
    for (const file of ["index.html", "console.js", "console.css"])
      writeFileSync(join(directory, "console", file), "x");
    test = await startTestApp({
      demoPageDirectory: join(directory, "demo"),
      consoleDirectory: join(directory, "console"),
      widgetBundlePath: join(directory, "widget", "nexus-chat-widget.js"),
    });
    for (const route of test.app.nexus.routes) {
      if (route.url.startsWith("/widget/"))
        writeFileSync(join(directory, "widget", basename(route.url)), "void 0;");
    }
    await test.createExperience({ id: "a", name: "A", requireAuth: true });
    await test.createExperience({ id: "b", name: "B", requireAuth: true });
    await test.createExperience({ id: "shop", name: "Shop" });
    const visitorToken = await test.app.nexus.tokens.signAccessToken({
      clientId: "nxc_matrix",
      scopes: ["query:execute"],
      experienceIds: ["a"],
    });
    const client = await test.app.inject({
      method: "POST",
      url: "/api/v2/admin/api-clients",
      headers: test.adminHeaders,
      payload: { name: "Widget of a", scopes: ["query:execute"], experienceIds: ["a"] },
    });
    const job = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: test.adminHeaders,
      payload: { experienceId: "a", documents: [{ content: "# A\n\nAbout a." }] },
    });
    fixtures = {
      app: test.app,
      visitorToken,
      client: client.json<{ clientId: string; clientSecret: string }>(),
      otherSession: await newSession({ app: test.app, visitorToken }),
      jobId: job.json<{ jobId: string }>().jobId,
    };
    await createOperator(test.app, "agent@example.com", "agent");
    await createOperator(test.app, "admin@example.com", "admin");
    await createOperator(test.app, "gone@example.com", "admin");
    const disabled = await signIn(test.app, "gone@example.com");
    const admin = await signIn(test.app, "admin@example.com");
    await admin.request("PATCH", `/operators/${disabled.operatorId}`, { disabled: true });
    operators.set("disabled", disabled);
  }, 120_000);
  afterAll(async () => {
    await test.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function headersFor(
    credential: Credential,
    session: { secret: string } | undefined,
  ): Promise<Record<string, string>> {
    switch (credential.kind) {
      case "none":
        return {};
      case "admin-token":
        return { authorization: `Bearer ${adminToken}` };
      case "token": {
        const key = JSON.stringify([credential.scopes, credential.experienceIds]);
        let token = tokens.get(key);
        if (!token) {
          token = await test.app.nexus.tokens.signAccessToken({
            clientId: "nxc_matrix",
            scopes: credential.scopes,
            experienceIds: credential.experienceIds,
          });
          tokens.set(key, token);
        }
        const secret =
          credential.secret === "own"
            ? session?.secret
            : credential.secret === "other"
              ? fixtures.otherSession.secret
              : undefined;
        return {
          authorization: `Bearer ${token}`,
          ...(secret === undefined ? {} : { [sessionSecretHeader]: secret }),
        };
      }
      case "operator": {
        const key = credential.disabled ? "disabled" : credential.role;
        let operator = operators.get(key);
        if (!operator) {
          operator = await signIn(test.app, `${credential.role}@example.com`);
          operators.set(key, operator);
        }
        return { cookie: operator.cookie, "x-csrf-token": operator.csrfToken };
      }
    }
  }

  const rows = () => matrixRows(test.app.nexus.routes);

  it("has a sample request and a rule for every route, and /v2 mirrors /api/v2", () => {
    const missing = rows()
      .filter((row) => !row.sample || !row.rule)
      .map((row) => `${row.method} ${row.url}`);
    expect(missing, "routes the matrix does not cover: add them to route-samples.ts").toEqual([]);
    for (const route of test.app.nexus.routes.filter((route) => route.url.startsWith("/v2/"))) {
      const twin = test.app.nexus.routes.find(
        (other) => other.method === route.method && other.url === `/api${route.url}`,
      );
      expect(twin?.access, `${route.method} ${route.url}`).toEqual(route.access);
    }
  });

  it("decides every route for every credential as its declared rule says", async () => {
    const wrong: string[] = [];
    let requests = 0;
    for (const row of rows()) {
      if (!row.sample || !row.rule) continue;
      for (const column of credentialColumns) {
        for (const credential of column.credentials) {
          const request = await row.sample.build(fixtures);
          const options: InjectOptions = {
            method: row.method as InjectOptions["method"],
            url: request.url,
            headers: await headersFor(credential, request.session),
          };
          if (request.payload !== undefined) options.payload = request.payload as object;
          const response = await test.app.inject(options);
          requests += 1;
          let code: string | undefined;
          try {
            code = (JSON.parse(response.body) as { code?: string }).code;
          } catch {
            // A page or a script: no error code.
          }
          const refused =
            response.statusCode === 401 ||
            response.statusCode === 403 ||
            (row.traits.owned === true && code === "SESSION_NOT_FOUND");
          const expected = expectedDecision(row.rule, credential, row.traits, row.method);
          const cell = `${row.method} ${row.url} × ${column.id} (${JSON.stringify(credential)})`;
          if (response.statusCode >= 500)
            wrong.push(`${cell}: ${response.statusCode} ${response.body}`);
          else if ((expected === "refused") !== refused)
            wrong.push(
              `${cell}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`,
            );
          // A sign-out ends the operator's session: the next cell signs in again.
          if (
            row.url.endsWith("/sign-out") &&
            credential.kind === "operator" &&
            !credential.disabled
          )
            operators.delete(credential.role);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  });

  it("is the table docs/security.md shows (npm run docs:authorization-matrix)", () => {
    const document = readFileSync(securityDocument, "utf8");
    const start = document.indexOf(matrixStart);
    const end = document.indexOf(matrixEnd);
    expect(start, "docs/security.md has no matrix markers").toBeGreaterThanOrEqual(0);
    expect(document.slice(start, end + matrixEnd.length)).toBe(renderMatrix(rows()));
  });
});
