import type { Coordination } from "./coordination.js";
import { memoryCoordination } from "./memory-coordination.js";
import { redisCoordination, type CoordinationLog } from "./redis-coordination.js";

/** Redis when `redisUrl` is given (`REDIS_URL`), else this process's memory. */
export function openCoordination(redisUrl: string | undefined, log: CoordinationLog): Coordination {
  return redisUrl ? redisCoordination(redisUrl, log) : memoryCoordination();
}
