import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CreateExperienceRequest, Experience } from "@nexus-chat/protocol";
import type { FastifyInstance } from "fastify";
import { createApp, type AppOptions } from "../../src/app.js";
import { createTestDatabase } from "./test-database.js";

export const adminToken = "test-admin-token-0123456789";
/** scrypt at 2^10: fast enough for tests that sign many operators in. */
export const testPasswordCost = { N: 1024, r: 8, p: 1 };
export const jwtSecret = "test-jwt-secret-0123456789-0123456789";

/**
 * A fresh app on its own empty database (a temporary SQLite file, or a new PostgreSQL database
 * with `NEXUS_TEST_DATABASE=postgres`); `close()` closes it and drops the database.
 */
export interface TestApp {
  app: FastifyInstance;
  directory: string;
  close(): Promise<void>;
  /** Creates an experience through the admin API. */
  createExperience(request: CreateExperienceRequest): Promise<Experience>;
  adminHeaders: { authorization: string };
}

export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const directory = mkdtempSync(join(tmpdir(), "nexus-server-test-"));
  const database = await createTestDatabase();
  const app = await createApp({
    databaseUrl: database.url,
    adminToken,
    jwtSecret,
    logLevel: "silent",
    seedDemo: false,
    rateLimits: false,
    // Console passwords at a test cost: the default takes ~60 ms a hash on a quiet core.
    passwordCost: testPasswordCost,
    // The custom protocols the fixtures link with (documents keep only allowed schemes).
    linkSchemes: ["tour", "action", "livechat", "walkme"],
    demoPageDirectory: join(directory, "no-demo"),
    widgetBundlePath: join(directory, "no-widget.js"),
    ...options,
  });
  const adminHeaders = { authorization: `Bearer ${adminToken}` };
  return {
    app,
    directory,
    adminHeaders,
    async close() {
      await app.close();
      await database.drop();
      rmSync(directory, { recursive: true, force: true });
    },
    async createExperience(request) {
      const response = await app.inject({
        method: "POST",
        url: "/api/v2/admin/experiences",
        headers: adminHeaders,
        payload: request,
      });
      if (response.statusCode !== 201) throw new Error(`create experience: ${response.body}`);
      return response.json<Experience>();
    },
  };
}

/** Waits until an ingestion job has finished, polling its status route. */
export async function waitForJob(
  app: FastifyInstance,
  jobId: string,
): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const response = await app.inject({
      method: "GET",
      url: `/api/v2/data-ingestion/jobs/${jobId}`,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const job = response.json<Record<string, unknown>>();
    if (job.status === "completed" || job.status === "failed") return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the ingestion job did not finish");
}
