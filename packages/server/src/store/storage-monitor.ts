import { isStorageFailure } from "./database-errors.js";

/** What the monitor tells the log. */
export interface StorageMonitorLog {
  error(error: unknown, message: string): void;
  info(message: string): void;
}

/**
 * Remembers whether the database's storage is failing (a full disk, a file turned read-only, an
 * I/O error), so that `/health` says so and the log says it once per outage instead of once per
 * request. Requests report the errors they meet; `/health`'s write check reports both failure
 * and recovery.
 */
export class StorageMonitor {
  private failure: { code: string; since: Date } | null = null;

  constructor(private readonly log: StorageMonitorLog) {}

  /** `failing` from the first storage error until a write succeeds again. */
  get state(): "ok" | "failing" {
    return this.failure === null ? "ok" : "failing";
  }

  /** Since when, and with which code, the storage has been failing. */
  get lastFailure(): { code: string; since: Date } | null {
    return this.failure;
  }

  /** Records `error` if it is a storage failure (logged only when the outage begins); returns whether it was. */
  report(error: unknown): boolean {
    if (!isStorageFailure(error)) return false;
    if (this.failure === null) {
      const code = (error as { code: string }).code;
      this.failure = { code, since: new Date() };
      this.log.error(error, `database storage failing (${code}): writes answer 503 until fixed`);
    }
    return true;
  }

  /** A write succeeded: the outage, if there was one, is over. */
  recovered(): void {
    if (this.failure === null) return;
    const { code, since } = this.failure;
    this.failure = null;
    this.log.info(
      `database storage works again after ${Math.round((Date.now() - since.getTime()) / 1000)} s of ${code}`,
    );
  }
}
