// Talks to the test server the way an operator would: through the admin and ingestion HTTP API.
import type {
  CreateExperienceRequest,
  Experience,
  IngestionDocument,
  IngestionJob,
  SessionStatusResponse,
  SessionWithTurns,
} from "@nexus-chat/protocol";
import { testAdminToken } from "./api-server.js";

export class AdminApi {
  constructor(private readonly origin: string) {}

  /** Calls `/api/v2<path>` with the admin token; throws on an unexpected status. */
  async request<Body>(method: string, path: string, body?: unknown, expected = [200, 201, 202]) {
    const response = await fetch(`${this.origin}/api/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${testAdminToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as Body;
  }

  createExperience(request: CreateExperienceRequest): Promise<Experience> {
    return this.request<Experience>("POST", "/admin/experiences", request, [201]);
  }

  /** Imports documents into the experience's knowledge base and waits until the job completes. */
  async ingest(experienceId: string, documents: IngestionDocument[]): Promise<IngestionJob> {
    let job = await this.request<IngestionJob>(
      "POST",
      "/data-ingestion/jobs",
      { experienceId, documents },
      [200, 201, 202],
    );
    const deadline = Date.now() + 30_000;
    while (job.status === "queued" || job.status === "running") {
      if (Date.now() > deadline) throw new Error(`Ingestion job ${job.jobId} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await this.request<IngestionJob>("GET", `/data-ingestion/jobs/${job.jobId}`);
    }
    if (job.status !== "completed" || job.failed > 0) {
      throw new Error(`Ingestion job ended ${job.status}: ${JSON.stringify(job.errors)}`);
    }
    return job;
  }

  /** Creates an experience with these documents, ready to answer. */
  async createExperienceWithDocuments(
    request: CreateExperienceRequest,
    documents: IngestionDocument[],
  ): Promise<Experience> {
    const experience = await this.createExperience(request);
    if (documents.length > 0) await this.ingest(experience.id, documents);
    return experience;
  }

  sessionTranscript(sessionId: string): Promise<SessionWithTurns> {
    return this.request<SessionWithTurns>("GET", `/admin/sessions/${sessionId}`);
  }

  sessionStatus(sessionId: string): Promise<SessionStatusResponse> {
    return this.request<SessionStatusResponse>("GET", `/sessions/${sessionId}/status`);
  }

  analyticsSummary(experienceId: string): Promise<Record<string, unknown>> {
    return this.request("GET", `/admin/analytics/summary?experienceId=${experienceId}`);
  }
}
