import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { ApiError } from "../../../http/api-error.js";
import type { PassageMatch, PassageRow, SearchWithPassages } from "../../passage-index.js";
import type { SearchPlan } from "../../search-plan.js";
import {
  analysedSearchStatement,
  passagesByIdStatement,
  searchStatement,
  toStepMatchExpression,
} from "./sqlite-statements.js";

/**
 * Searches waiting for a worker, all workers together, before new ones are refused with
 * `UNAVAILABLE` (retryable): a flood of questions then fails fast instead of queueing without end.
 * @default 1024
 */
export const defaultMaxQueuedSearches = 1024;

const workerFile = new URL("./search-worker.cjs", import.meta.url);

interface SearchReply {
  id: number;
  passageIds?: number[];
  ranks?: number[];
  passages?: PassageRow[];
  error?: string;
}

interface PendingSearch {
  worker: PooledWorker;
  resolve(result: SearchWithPassages): void;
  reject(error: Error): void;
}

interface PooledWorker {
  thread: Worker;
  inFlight: number;
  alive: boolean;
}

/**
 * Full-text searches on worker threads, each with its own read-only connection to the SQLite
 * file. The search is the largest part of answering a question; here it runs beside the main
 * thread, which meanwhile parses requests and streams other answers.
 *
 * A worker that dies fails the searches it was running (their answers end with an error frame)
 * and takes no more; when none is left, {@link available} turns false and the caller searches
 * on its own connection. {@link close} stops every worker and fails what is still queued.
 */
export class SearchWorkerPool {
  private readonly workers: PooledWorker[] = [];
  private readonly pending = new Map<number, PendingSearch>();
  private nextId = 1;
  private closed = false;

  constructor(
    filename: string,
    workerCount: number,
    private readonly maxQueued = defaultMaxQueuedSearches,
  ) {
    const driverPath = createRequire(import.meta.url).resolve("better-sqlite3");
    for (let index = 0; index < workerCount; index += 1) {
      const thread = new Worker(workerFile, {
        workerData: {
          filename,
          driverPath,
          searchStatement,
          analysedSearchStatement,
          passagesByIdStatement,
        },
      });
      // Holds the process open only while it has searches to answer.
      thread.unref();
      const worker: PooledWorker = { thread, inFlight: 0, alive: true };
      thread.on("message", (reply: SearchReply) => this.settle(reply));
      thread.on("error", (error) => this.retire(worker, error));
      thread.on("exit", (code) =>
        this.retire(worker, new Error(`search worker exited with code ${code}`)),
      );
      this.workers.push(worker);
    }
  }

  /** Whether a worker can take searches. */
  get available(): boolean {
    return !this.closed && this.workers.some((worker) => worker.alive);
  }

  /** Runs a search plan on the least busy worker. Same results as the main connection's search. */
  async search(experienceId: string, plan: SearchPlan, limit: number): Promise<PassageMatch[]> {
    return (await this.run(experienceId, plan, limit, false)).matches;
  }

  /**
   * Runs a search plan like {@link search} and also loads the matched passages on the worker,
   * so the main thread receives them ready instead of reading them itself.
   */
  searchWithPassages(
    experienceId: string,
    plan: SearchPlan,
    limit: number,
  ): Promise<SearchWithPassages> {
    return this.run(experienceId, plan, limit, true);
  }

  private run(
    experienceId: string,
    plan: SearchPlan,
    limit: number,
    withPassages: boolean,
  ): Promise<SearchWithPassages> {
    if (!this.available) return Promise.reject(new Error("the search workers are stopped"));
    if (this.pending.size >= this.maxQueued) return Promise.reject(new ApiError("UNAVAILABLE"));
    let chosen: PooledWorker | undefined;
    for (const worker of this.workers) {
      if (worker.alive && (!chosen || worker.inFlight < chosen.inFlight)) chosen = worker;
    }
    const worker = chosen!;
    const id = this.nextId++;
    return new Promise<SearchWithPassages>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      if (worker.inFlight++ === 0) worker.thread.ref();
      worker.thread.postMessage({
        id,
        experienceId,
        expressions: plan.steps.map(toStepMatchExpression),
        analysed: plan.analysed === true,
        minimumHits: plan.minimumHits,
        limit,
        withPassages,
      });
    });
  }

  /** Stops every worker (each closes its connection) and fails the searches still waiting. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exits = this.workers
      .filter((worker) => worker.alive)
      .map((worker) => {
        const exited = new Promise<void>((resolve) => worker.thread.once("exit", () => resolve()));
        worker.thread.postMessage({ type: "stop" });
        return exited;
      });
    await Promise.all(exits);
    this.failPending(() => true, new Error("the search workers are stopped"));
  }

  private settle(reply: SearchReply): void {
    const search = this.pending.get(reply.id);
    if (!search) return;
    this.pending.delete(reply.id);
    this.release(search.worker);
    if (reply.error !== undefined) {
      search.reject(new Error(`search failed: ${reply.error}`));
      return;
    }
    const passageIds = reply.passageIds ?? [];
    const ranks = reply.ranks ?? [];
    search.resolve({
      matches: passageIds.map((passageId, index) => ({ passageId, score: -ranks[index]! })),
      passages: reply.passages ?? [],
    });
  }

  private release(worker: PooledWorker): void {
    if (--worker.inFlight === 0) worker.thread.unref();
  }

  private retire(worker: PooledWorker, error: Error): void {
    if (!worker.alive) return;
    worker.alive = false;
    const failure = this.closed ? new Error("the search workers are stopped") : error;
    this.failPending((search) => search.worker === worker, failure);
  }

  private failPending(which: (search: PendingSearch) => boolean, error: Error): void {
    for (const [id, search] of this.pending) {
      if (!which(search)) continue;
      this.pending.delete(id);
      search.worker.inFlight = Math.max(0, search.worker.inFlight - 1);
      search.reject(error);
    }
  }
}
