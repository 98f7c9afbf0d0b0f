// Answers that do not finish: the user stops one, the server dies mid-stream, the server hangs
// past the timeout, or answers with an error. The partial answer and the user's message stay, an
// error event reports what happened, and Retry asks again.
import { beforeAll, describe, expect, it } from "vitest";
import { expectEventBase } from "./support/assertions.js";
import type { FaultRule } from "./support/fault-proxy.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import type { WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
let experienceId: string;
let slowExperienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("failures");
  // Whole passages: an answer of many sentences, so a fault after the first frames lands in
  // the middle of it.
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Failures", engineOptions: { answerStyle: "passages" } },
    standardDocuments,
  );
  // Streams a word every 150 ms, so there is time to press Stop.
  slowExperienceId = uniqueExperienceId("slow");
  await harness.admin.createExperienceWithDocuments(
    { id: slowExperienceId, name: "Slow", engineOptions: { wordDelayMs: 150 } },
    standardDocuments,
  );
});

/** Query-start plus two text deltas get through; then the fault. */
function onQuery(kind: "cut" | "stall"): FaultRule {
  return ({ method, path }) =>
    method === "POST" && path.startsWith("/api/v2/query") && !path.includes("feedback")
      ? { kind, afterFrames: 3 }
      : undefined;
}

async function send(widgetPage: WidgetPage, text: string): Promise<void> {
  await widgetPage.openWindow();
  await widgetPage.input().fill(text);
  await widgetPage.button("Send message").click();
}

async function expectKeptAndRetry(widgetPage: WidgetPage, question: string): Promise<void> {
  const chunks = await widgetPage.payloads("messageChunk");
  const partial = chunks.map((chunk) => chunk.chunk).join("");
  expect(partial.length).toBeGreaterThan(0);
  const answer = widgetPage.lastAnswer();
  expect(["interrupted", "error"]).toContain(await answer.getAttribute("data-status"));
  expect((await answer.textContent())!.replace(/\s+/g, " ")).toContain(
    partial.trim().replace(/\s+/g, " "),
  );
  expect(await widgetPage.messages("user").last().textContent()).toContain(question);
  expect(await widgetPage.eventCount("messageComplete")).toBe(0);

  harness.proxy.setRule(undefined);
  await widgetPage.button("Retry").click();
  const complete = await widgetPage.waitForEvent("messageComplete");
  expect(complete.answer).toContain("soft dry cloth");
  await expect.poll(() => widgetPage.lastAnswer().getAttribute("data-status")).toBe("complete");
  expect(await widgetPage.lastAnswer().textContent()).toContain("soft dry cloth");
}

describe("interrupted answers", () => {
  it("Stop ends the answer, keeps what arrived, and Retry asks again", async () => {
    const widgetPage = await harness.openWidget({ experienceId: slowExperienceId });
    await send(widgetPage, questions.lamp);
    await widgetPage.waitForEvent("messageChunk", 2);
    expect(
      await widgetPage.page.evaluate(
        () =>
          (
            window as unknown as { widget: { getState(): { isStreaming: boolean } } }
          ).widget.getState().isStreaming,
      ),
    ).toBe(true);
    await widgetPage.button("Stop answer").click();
    await expect
      .poll(() => widgetPage.lastAnswer().getAttribute("data-status"))
      .toBe("interrupted");
    await widgetPage.button("Send message").waitFor({ state: "visible" });
    expect(
      await widgetPage.page.evaluate(
        () =>
          (
            window as unknown as { widget: { getState(): { isStreaming: boolean } } }
          ).widget.getState().isStreaming,
      ),
    ).toBe(false);
    const chunkCount = await widgetPage.eventCount("messageChunk");
    await widgetPage.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await widgetPage.eventCount("messageChunk")).toBe(chunkCount);

    // The server stopped too and kept the partial turn.
    const sessionId = (await widgetPage.payloads("sessionStart"))[0]!.sessionId;
    await expect
      .poll(async () => (await harness.admin.sessionTranscript(sessionId)).turns[0]?.status)
      .toBe("interrupted");
    // Full speed for the retry.
    await harness.admin.request("PATCH", `/admin/experiences/${slowExperienceId}`, {
      engineOptions: { wordDelayMs: 0 },
    });
    await expectKeptAndRetry(widgetPage, questions.lamp);
  });

  it("a server that dies mid-stream ends the answer with an error event", async () => {
    // A dropped answer stream is followed on the session channel (the server goes on with the
    // answer): a dead server cuts the stream and cannot be reached there either, and the widget
    // gives up after requestTimeout.
    const widgetPage = await harness.openWidget({
      experienceId,
      config: { advanced: { requestTimeout: 2000 } },
    });
    const cutQuery = onQuery("cut");
    harness.proxy.setRule((request) =>
      request.path.includes("/events") ? { kind: "status", status: 503 } : cutQuery(request),
    );
    await send(widgetPage, questions.lamp);
    const error = await widgetPage.waitForEvent("error");
    expectEventBase(error);
    expect(["backend", "network"]).toContain(error.type);
    expect(error.message.length).toBeGreaterThan(0);
    await expectKeptAndRetry(widgetPage, questions.lamp);
  });

  it('a server that hangs past requestTimeout ends the answer with error{type:"timeout"}', async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      config: { advanced: { requestTimeout: 1500 } },
    });
    harness.proxy.setRule(onQuery("stall"));
    await send(widgetPage, questions.lamp);
    const error = await widgetPage.waitForEvent("error");
    expectEventBase(error);
    expect(error.type).toBe("timeout");
    await expectKeptAndRetry(widgetPage, questions.lamp);
  });

  it('an error answer from the server emits error{type:"backend"} and keeps the message', async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    harness.proxy.setRule(({ method, path }) =>
      method === "POST" && path === "/api/v2/query" ? { kind: "status", status: 500 } : undefined,
    );
    await send(widgetPage, questions.lamp);
    const error = await widgetPage.waitForEvent("error");
    expectEventBase(error, null);
    expect(error.type).toBe("backend");
    expect(await widgetPage.messages("user").last().textContent()).toContain(questions.lamp);
    harness.proxy.setRule(undefined);
    await widgetPage.button("Retry").click();
    expect((await widgetPage.waitForEvent("messageComplete")).answer).toContain("soft dry cloth");
  });

  it("an unknown experience is reported as a backend error with the server's code", async () => {
    const widgetPage = await harness.openWidget({ experienceId: "no-such-experience" });
    await send(widgetPage, questions.lamp);
    await expect
      .poll(async () =>
        (await widgetPage.payloads("error")).some(
          (error) =>
            error.type === "backend" &&
            /EXPERIENCE_NOT_FOUND/.test(JSON.stringify(error.details ?? {})),
        ),
      )
      .toBe(true);
    expect(await widgetPage.messages("user").last().textContent()).toContain(questions.lamp);
  });
});
