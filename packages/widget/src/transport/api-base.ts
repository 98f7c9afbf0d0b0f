import { apiPrefix } from "@nexus-chat/protocol";

/**
 * The API base every path is appended to. `apiUrl` may be a bare origin (`https://host`), carry
 * the prefix (`https://host/api/v2`, or the short `/v2` alias), or end with a slash.
 */
export function apiBase(apiUrl: string): string {
  const trimmed = apiUrl.trim().replace(/\/+$/, "");
  return /\/(api\/)?v2$/.test(trimmed) ? trimmed : trimmed + apiPrefix;
}
