import type { ActionsBlock, AnswerFrameEvent, Source } from "@nexus-chat/protocol";
import type { PubSub } from "../coordination/pub-sub.js";
import type { StoredFrame, UnfinishedAnswer } from "../store/frame-store.js";
import type { Store } from "../store/store.js";
import { keepAndPublish } from "./frame-writer.js";

/** What a lapsed process's answer is ended with on the session channel. */
const cutOff = {
  code: "UNAVAILABLE",
  message: "The answer was cut off: the server writing it stopped. Ask again.",
  retryable: true,
} as const;

export interface AnswerRecoveryOptions {
  /** This process, as its answers' first frames name it. */
  worker: string;
  /** How long this process counts as alive after each beat; it beats three times per lease. */
  leaseMs: number;
  onError: (error: unknown) => void;
  /** Told of each answer stored for a lapsed process. */
  onRecovered?: (answer: UnfinishedAnswer, worker: string) => void;
}

/**
 * Keeps this process's beat in the database and finishes the answers of processes whose beat
 * lapsed: a process killed in the middle of an answer (`kill -9`, a lost machine) never stores its
 * turn, but its frames are kept. Another process (or this one, restarted) stores the question and
 * the answer as far as its frames go, as an `interrupted` turn, and ends the answer on the session
 * channel so that a client resuming it stops waiting. One process takes each lapsed one over.
 *
 * Returns a function that stops beating and forgets this process (it is closing, and has stored
 * its own answers).
 */
export function startAnswerRecovery(
  store: Store,
  messages: PubSub,
  options: AnswerRecoveryOptions,
): () => Promise<void> {
  const { worker, leaseMs, onError } = options;
  let running: Promise<void> = Promise.resolve();
  const round = async (): Promise<void> => {
    await store.processes.beat(worker, leaseMs);
    for (const lapsed of await store.processes.listLapsed()) {
      if (!(await store.processes.claimLapsed(lapsed, leaseMs))) continue;
      for (const answer of await store.frames.unfinishedAnswersOf(lapsed)) {
        if (await recoverAnswer(store, messages, answer)) options.onRecovered?.(answer, lapsed);
      }
      await store.processes.remove(lapsed);
    }
  };
  const tick = () => {
    running = running.then(round).catch(onError);
  };
  tick();
  const timer = setInterval(tick, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await store.processes.remove(worker).catch(onError);
  };
}

/**
 * Stores one unfinished answer as an `interrupted` turn and ends it on the channel; `false` when
 * its turn was stored meanwhile (by its own process or another taker).
 */
async function recoverAnswer(
  store: Store,
  messages: PubSub,
  answer: UnfinishedAnswer,
): Promise<boolean> {
  const session = await store.sessions.get(answer.sessionId);
  if (!session) return false;
  const frames = await store.frames.framesOf(answer.sessionId, answer.queryId);
  const partial = readPartialAnswer(frames);
  try {
    await store.turns.save({
      queryId: answer.queryId,
      sessionId: answer.sessionId,
      experienceId: session.experienceId,
      query: answer.query,
      answer: partial.text,
      sources: partial.sources,
      actions: partial.actions,
      status: "interrupted",
      createdAt: answer.startedAt,
      timeToFirstDelta: null,
      duration: null,
    });
  } catch (error) {
    if (await store.turns.get(answer.queryId)) return false;
    throw error;
  }
  const end: AnswerFrameEvent = { type: "error", queryId: answer.queryId, ...cutOff };
  const { type, ...fields } = end;
  await keepAndPublish(store.frames, messages, answer.sessionId, [
    {
      sessionId: answer.sessionId,
      queryId: answer.queryId,
      type,
      data: JSON.stringify({ ...fields, seq: partial.lastSeq + 1 }),
    },
  ]);
  return true;
}

/** The answer as far as its kept frames go. */
export function readPartialAnswer(frames: readonly StoredFrame[]): {
  text: string;
  sources: Source[];
  actions: ActionsBlock | null;
  lastSeq: number;
} {
  let text = "";
  let sources: Source[] = [];
  let actions: ActionsBlock | null = null;
  let lastSeq = 0;
  for (const frame of frames) {
    const data = JSON.parse(frame.data) as {
      seq?: number;
      delta?: string;
      sources?: Source[];
      actions?: ActionsBlock;
    };
    lastSeq = Math.max(lastSeq, data.seq ?? 0);
    if (frame.type === "text-delta") text += data.delta ?? "";
    else if (frame.type === "sources") sources = data.sources ?? [];
    else if (frame.type === "actions") actions = data.actions ?? null;
  }
  return { text, sources, actions, lastSeq };
}
