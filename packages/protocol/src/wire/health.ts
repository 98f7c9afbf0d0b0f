/** `GET /health`. */
export interface HealthResponse {
  status: "ok" | "degraded";
  version: string;
  database: "ok" | "unreachable";
  /** Seconds since the process started. */
  uptime: number;
}
