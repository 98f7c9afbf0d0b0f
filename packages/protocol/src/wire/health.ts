/** `GET /health`. */
export interface HealthResponse {
  status: "ok" | "degraded";
  version: string;
  database: "ok" | "unreachable";
  /** Which database the server runs on. */
  databaseDialect?: "sqlite" | "postgres";
  /**
   * Redis, which several server processes share: `disabled` when none is configured (one
   * process), `degraded` while unreachable (the server keeps answering; limits count per
   * process until it is back).
   */
  redis?: "ok" | "degraded" | "disabled";
  /** Seconds since the process started. */
  uptime: number;
  /**
   * Whether the database can store what it is given: `failing` while writes fail on its storage
   * (a full disk, a file turned read-only, an I/O error), when requests that write answer
   * `503 UNAVAILABLE` (retryable). Absent while the database is unreachable.
   */
  storage?: "ok" | "failing";
}
