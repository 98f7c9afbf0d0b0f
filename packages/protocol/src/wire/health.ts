/** `GET /health`. */
export interface HealthResponse {
  status: "ok" | "degraded";
  version: string;
  database: "ok" | "unreachable";
  /** Which database the server runs on. */
  databaseDialect?: "sqlite" | "postgres";
  /** Seconds since the process started. */
  uptime: number;
}
