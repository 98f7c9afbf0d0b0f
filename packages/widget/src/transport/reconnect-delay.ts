/** Pause before the first reconnection. */
export const firstReconnectDelayMs = 500;
/** The pause doubles per failure up to this. */
export const maxReconnectDelayMs = 8_000;

/**
 * How long to wait before connecting again after `failures` failed attempts in a row (1 or
 * more): exponential backoff, capped, with "equal jitter" (between half and all of the step), so
 * that the widgets of many visitors cut off by one outage do not all come back at the same moment
 * while each still waits at least half its step.
 */
export function reconnectDelay(failures: number, random: number = Math.random()): number {
  const step = Math.min(
    maxReconnectDelayMs,
    firstReconnectDelayMs * 2 ** Math.min(Math.max(failures, 1) - 1, 16),
  );
  return Math.round(step * (0.5 + random / 2));
}
