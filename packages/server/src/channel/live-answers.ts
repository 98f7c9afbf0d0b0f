/** Why an answer stops before its end. */
export type StopReason = "request" | "shutdown";

/** An answer being produced by this process. */
export interface LiveAnswer {
  sessionId: string;
  /** Stops it: at a visitor's request, or because this process is closing. */
  stop(reason: StopReason): void;
}

/**
 * The answers this process is producing, by query id, so that a stop request reaching any
 * process (published on `query-stops`) finds the one producing the answer.
 */
export class LiveAnswers {
  private readonly answers = new Map<string, LiveAnswer>();

  add(queryId: string, answer: LiveAnswer): () => void {
    this.answers.set(queryId, answer);
    return () => {
      if (this.answers.get(queryId) === answer) this.answers.delete(queryId);
    };
  }

  get(queryId: string): LiveAnswer | undefined {
    return this.answers.get(queryId);
  }

  /** Stops the answer if this process produces it; returns whether it did. */
  stop(queryId: string): boolean {
    const answer = this.answers.get(queryId);
    answer?.stop("request");
    return answer !== undefined;
  }

  /** Stops every answer (the app is closing). */
  stopAll(): void {
    for (const answer of [...this.answers.values()]) answer.stop("shutdown");
  }

  get size(): number {
    return this.answers.size;
  }
}
