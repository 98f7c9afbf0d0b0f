import { mkdtempSync, rmSync, statSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

/** Sends raw bytes and collects what comes back until the server closes the connection. */
function rawExchange(port: number, write: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("close", () => resolve(received));
    socket.on("error", (error) => (received ? resolve(received) : reject(error)));
    socket.on("connect", () => write(socket));
  });
}

const envelopeOf = (response: string) =>
  JSON.parse(response.slice(response.indexOf("{"))) as object;

describe("HTTP hardening (findings 4, 5, 6 and 10 of issue 16)", () => {
  let test: TestApp;
  let port: number;

  beforeAll(async () => {
    test = await startTestApp({
      limits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, maxConnections: 8 },
    });
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.listen({ host: "127.0.0.1", port: 0 });
    port = (test.app.server.address() as AddressInfo).port;
  });
  afterAll(() => test.close());

  it("creates the database, its WAL files and a new folder for the owner only", async () => {
    // A SQLite file of its own, whichever dialect the rest of the suite runs on.
    const parent = mkdtempSync(join(tmpdir(), "nexus-perm-"));
    try {
      const filename = join(parent, "data", "nexus.sqlite");
      const own = await startTestApp({ databaseUrl: `sqlite:${filename}` });
      try {
        await own.createExperience({ id: "perm", name: "Permissions" });
        for (const suffix of ["", "-wal", "-shm"]) {
          const mode = statSync(`${filename}${suffix}`).mode & 0o777;
          expect(mode.toString(8), `nexus.sqlite${suffix}`).toBe("600");
        }
      } finally {
        await own.close();
      }
      expect((statSync(join(parent, "data")).mode & 0o777).toString(8)).toBe("700");
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("refuses a JSON body nested too deeply with a catalogued 400, before /query does anything", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const sessionsBefore = await test.app.nexus.store.db
      .selectFrom("sessions")
      .select((eb) => eb.fn.countAll().as("count"))
      .executeTakeFirstOrThrow();
    for (const url of ["/api/v2/query", "/api/v2/sessions", "/api/v2/analytics/events"]) {
      const response = await test.app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        payload: `{"text":"hi","experienceId":"docs","metadata":{"deep":${deep}}}`,
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: "VALIDATION_FAILED" });
    }
    const sessionsAfter = await test.app.nexus.store.db
      .selectFrom("sessions")
      .select((eb) => eb.fn.countAll().as("count"))
      .executeTakeFirstOrThrow();
    expect(sessionsAfter.count).toBe(sessionsBefore.count);
  });

  it("maps router errors into the catalogue", async () => {
    const badEncoding = await test.app.inject({ method: "GET", url: "/api/v2/sessions/%ff" });
    expect(badEncoding.statusCode).toBe(400);
    expect(badEncoding.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    for (const length of [150, 300]) {
      const longId = await test.app.inject({
        method: "GET",
        url: `/api/v2/experiences/${"a".repeat(length)}/config`,
      });
      expect(longId.statusCode, `${length} characters`).toBe(400);
      expect(longId.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    }
  });

  it("answers malformed HTTP framing with a catalogue envelope", async () => {
    const response = await rawExchange(port, (socket) => socket.write("NONSENSE\r\n\r\n"));
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(envelopeOf(response)).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
  });

  it("times out a request whose body never finishes", async () => {
    const started = Date.now();
    const response = await rawExchange(port, (socket) =>
      socket.write(
        "POST /api/v2/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
          'Content-Length: 1000\r\n\r\n{"text":',
      ),
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(envelopeOf(response)).toMatchObject({ code: "REQUEST_TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it("caps open connections", async () => {
    const idle: Socket[] = [];
    try {
      for (let index = 0; index < 8; index++) {
        const socket = connect(port, "127.0.0.1");
        await new Promise((resolve) => socket.on("connect", resolve));
        idle.push(socket);
      }
      // The ninth is closed at once, without an answer.
      const refused = await rawExchange(port, (socket) =>
        socket.write("GET /api/v2/health HTTP/1.1\r\nHost: x\r\n\r\n"),
      );
      expect(refused).toBe("");
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });

  it(
    "refuses multipart uploads over the limit, declared or streamed",
    { timeout: 30_000 },
    async () => {
      const boundary = "nexusboundary";
      const part = (name: string, body: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        `Content-Type: text/plain\r\n\r\n${body}\r\n`;
      const file = "x".repeat(4 * 1024 * 1024);
      const declared = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/jobs",
        headers: {
          ...test.adminHeaders,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(60 * 1024 * 1024),
        },
        payload: "",
      });
      expect(declared.statusCode).toBe(413);
      // 14 files of 4 MB, each under the per-file limit, streamed without a Content-Length.
      const chunks = [
        `--${boundary}\r\nContent-Disposition: form-data; name="experienceId"\r\n\r\ndocs\r\n`,
        ...Array.from({ length: 14 }, (_, index) => part(`f${index}.txt`, file)),
        `--${boundary}--\r\n`,
      ];
      const streamed = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/jobs",
        headers: {
          ...test.adminHeaders,
          "content-type": `multipart/form-data; boundary=${boundary}`,
        },
        payload: Readable.from(chunks),
      });
      expect(streamed.statusCode).toBe(413);
      expect(streamed.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    },
  );
});
