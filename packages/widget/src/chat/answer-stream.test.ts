import { describe, expect, it } from "vitest";
import type { StreamEvent } from "@nexus-chat/protocol";
import { answerPatch, emptyAnswer, reduceAnswer, type AnswerState } from "./answer-stream.js";

const run = (frames: StreamEvent[]) => {
  let state: AnswerState = emptyAnswer;
  const effects = [];
  for (const frame of frames) {
    const step = reduceAnswer(state, frame);
    state = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
};

describe("reduceAnswer", () => {
  it("builds a streamed answer, then takes the final text from query-end", () => {
    const { state, effects } = run([
      { type: "query-start", queryId: "q1", sessionId: "s1" },
      { type: "text-delta", queryId: "q1", delta: "Hello " },
      { type: "text-delta", queryId: "q1", delta: "world" },
      { type: "sources", queryId: "q1", sources: [{ id: "d1", title: "Doc" }] },
      {
        type: "actions",
        queryId: "q1",
        actions: {
          actions: [{ id: "a", label: "A", action: { type: "send_event", eventName: "x" } }],
        },
      },
      { type: "query-end", queryId: "q1", answer: "Hello world!", duration: 5 },
    ] as StreamEvent[]);
    expect(state).toMatchObject({ text: "Hello world!", queryId: "q1", status: "complete" });
    expect(state.sources).toHaveLength(1);
    expect(state.actions?.actions).toHaveLength(1);
    expect(effects.map((effect) => effect.kind)).toEqual([
      "started",
      "chunk",
      "chunk",
      "completed",
    ]);
    expect(effects[0]).toEqual({ kind: "started", queryId: "q1", sessionId: "s1" });
  });

  it("an error before any text is an error; after some text the answer is interrupted", () => {
    const error = {
      type: "error",
      queryId: "q1",
      code: "ENGINE_FAILED",
      message: "boom",
      retryable: true,
    } as StreamEvent;
    expect(run([error]).state.status).toBe("error");
    const cut = run([{ type: "text-delta", queryId: "q1", delta: "Par" }, error]);
    expect(cut.state).toMatchObject({ status: "interrupted", text: "Par" });
    expect(cut.effects[1]).toEqual({
      kind: "failed",
      queryId: "q1",
      code: "ENGINE_FAILED",
      message: "boom",
      retryable: true,
    });
  });

  it("ignores a frame type of a later protocol version", () => {
    const step = reduceAnswer(emptyAnswer, { type: "reasoning", queryId: "q" } as never);
    expect(step).toEqual({ state: emptyAnswer });
  });

  it("does not change the state it is given", () => {
    const before = { ...emptyAnswer };
    reduceAnswer(before, { type: "text-delta", queryId: "q", delta: "x" });
    expect(before).toEqual(emptyAnswer);
  });
});

describe("answerPatch", () => {
  it("names only the fields that changed", () => {
    const after = reduceAnswer(emptyAnswer, { type: "text-delta", queryId: "q", delta: "x" }).state;
    expect(answerPatch(emptyAnswer, after)).toEqual({ text: "x" });
    expect(answerPatch(after, after)).toBeUndefined();
  });
});
