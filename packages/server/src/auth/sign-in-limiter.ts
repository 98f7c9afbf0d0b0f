import { ApiError } from "../http/api-error.js";

/** Failed sign-ins allowed per window, per account and per client address. */
export interface SignInLimits {
  /** @default 5 */
  perAccount: number;
  /** @default 20 */
  perAddress: number;
  /** @default 15 minutes */
  windowMs: number;
}

export const defaultSignInLimits: SignInLimits = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
};

interface Failures {
  count: number;
  resetAt: number;
}

/**
 * Counts failed console sign-ins per account and per address in fixed windows, so a password
 * cannot be guessed quickly from one address, nor one account from many. In memory: one process
 * counts its own attempts (documented in docs/console.md).
 */
export class SignInLimiter {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly limits: SignInLimits = defaultSignInLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws `RATE_LIMITED` with a message saying which limit and for how long. */
  check(email: string, address: string): void {
    this.refuseIfOver(`account:${email}`, this.limits.perAccount, "this account");
    this.refuseIfOver(`address:${address}`, this.limits.perAddress, "your address");
  }

  recordFailure(email: string, address: string): void {
    this.add(`account:${email}`);
    this.add(`address:${address}`);
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  recordSuccess(email: string): void {
    this.failures.delete(`account:${email}`);
  }

  private current(key: string): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && entry.resetAt <= this.now()) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private add(key: string): void {
    const entry = this.current(key);
    if (entry) entry.count += 1;
    else this.failures.set(key, { count: 1, resetAt: this.now() + this.limits.windowMs });
    if (this.failures.size > 100_000) this.sweep();
  }

  private refuseIfOver(key: string, limit: number, who: string): void {
    const entry = this.current(key);
    if (!entry || entry.count < limit) return;
    const seconds = Math.max(1, Math.ceil((entry.resetAt - this.now()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw new ApiError(
      "RATE_LIMITED",
      `Too many failed sign-ins for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { "retry-after": String(seconds) },
    );
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
