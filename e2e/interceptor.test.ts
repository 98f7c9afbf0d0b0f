// The message interceptor: every result form, its view of the transcript, and its failures (a
// throw or a hang) which must report error{type:"interceptor"} without losing the user's message.
import { beforeAll, describe, expect, it } from "vitest";
import { expectEventBase } from "./support/assertions.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import type { WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("interceptor");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Interceptor" },
    standardDocuments,
  );
});

/** An interceptor whose behaviour the test picks with `window.__mode`. */
const interceptorOptions = `({
  advanced: {
    interceptorTimeout: 1000,
    messageInterceptor: async (message, context) => {
      window.__seen = window.__seen || [];
      window.__seen.push({
        text: message.text,
        role: message.role,
        metadata: message.metadata,
        sessionId: context.sessionId,
        experienceId: context.experienceId,
        transcriptLength: context.store.events.value.length,
      });
      switch (window.__mode) {
        case "rewrite":
          return { handled: false, message: { text: ${JSON.stringify(questions.lamp)}, metadata: { rewritten: true } } };
        case "local":
          return {
            handled: true,
            response: {
              text: "Handled **locally** by the page",
              role: "assistant",
              actions: { actions: [{ id: "local-button", label: "Local button", action: { type: "send_event", eventName: "local_event" } }] },
            },
          };
        case "local-message":
          return { handled: true, message: { text: "Answered through message", role: "assistant" } };
        case "note":
          context.store.addEvent({ type: "notice", text: "Noted by the interceptor" });
          return null;
        case "throw":
          throw new Error("interceptor exploded");
        case "hang":
          return new Promise(() => {});
        default:
          return null;
      }
    },
  },
})`;

async function setMode(widgetPage: WidgetPage, mode: string): Promise<void> {
  await widgetPage.page.evaluate((value) => {
    (window as unknown as { __mode: string }).__mode = value;
  }, mode);
}

function queryRequests(): number {
  return harness.proxy.requests.filter((line) => line === "POST /api/v2/query").length;
}

async function send(widgetPage: WidgetPage, text: string): Promise<void> {
  await widgetPage.openWindow();
  await widgetPage.input().fill(text);
  await widgetPage.button("Send message").click();
}

describe("message interceptor", () => {
  it("passes a message through, rewrites one, and sees the transcript", async () => {
    const widgetPage = await harness.openWidget({ experienceId, configSource: interceptorOptions });
    const before = queryRequests();
    await widgetPage.ask(questions.actions);
    expect(queryRequests()).toBe(before + 1);

    await setMode(widgetPage, "rewrite");
    const rewritten = await widgetPage.ask("please rewrite me");
    expect(rewritten.answer).toContain("soft dry cloth");
    const starts = await widgetPage.payloads("messageStart");
    expect(starts.at(-1)!.message).toBe(questions.lamp);
    const transcript = await harness.admin.sessionTranscript(rewritten.sessionId!);
    expect(transcript.turns.map((turn) => turn.query)).toEqual([questions.actions, questions.lamp]);

    const seen = await widgetPage.page.evaluate(
      () => (window as unknown as { __seen: Record<string, unknown>[] }).__seen,
    );
    expect(seen[0]).toMatchObject({
      text: questions.actions,
      role: "user",
      sessionId: null,
      experienceId,
    });
    expect(seen[1]).toMatchObject({
      text: "please rewrite me",
      role: "user",
      sessionId: rewritten.sessionId,
    });
    // The second call saw the first question and its answer in the store.
    expect(seen[1]!.transcriptLength).toBeGreaterThanOrEqual(2);
  });

  it("handles a message locally, with actions, without calling the server", async () => {
    const widgetPage = await harness.openWidget({ experienceId, configSource: interceptorOptions });
    await setMode(widgetPage, "local");
    const before = queryRequests();
    await send(widgetPage, "handle this here");
    const answer = widgetPage.lastAnswer();
    await answer.waitFor({ state: "visible" });
    await expect.poll(() => answer.textContent()).toContain("Handled locally by the page");
    expect(await answer.locator("strong").textContent()).toBe("locally");
    expect(await widgetPage.messages("user").last().textContent()).toContain("handle this here");
    await widgetPage.button("Local button").click();
    expect(await widgetPage.waitForEvent("customAction")).toMatchObject({
      eventName: "local_event",
      actionId: "local-button",
    });

    await setMode(widgetPage, "local-message");
    await send(widgetPage, "and this one");
    await expect
      .poll(() => widgetPage.lastAnswer().textContent())
      .toContain("Answered through message");
    expect(queryRequests()).toBe(before);
    expect(await widgetPage.eventCount("error")).toBe(0);
  });

  it("lets the interceptor add a transcript entry through the store", async () => {
    const widgetPage = await harness.openWidget({ experienceId, configSource: interceptorOptions });
    await setMode(widgetPage, "note");
    await widgetPage.ask(questions.lamp);
    const notice = widgetPage.page.locator("[data-nexus-notice]", {
      hasText: "Noted by the interceptor",
    });
    await notice.waitFor({ state: "visible" });
  });

  for (const mode of ["throw", "hang"] as const) {
    it(`an interceptor that ${mode}s emits error{type:"interceptor"} and keeps the message`, async () => {
      const widgetPage = await harness.openWidget({
        experienceId,
        configSource: interceptorOptions,
      });
      await setMode(widgetPage, mode);
      const before = queryRequests();
      const text = `keep this ${mode} message`;
      await send(widgetPage, text);
      const error = await widgetPage.waitForEvent("error");
      expectEventBase(error, null);
      expect(error.type).toBe("interceptor");
      expect(typeof error.message).toBe("string");
      if (mode === "throw") expect(error.message).toContain("interceptor exploded");
      expect(queryRequests()).toBe(before);
      // Kept either in the transcript or back in the input, ready to send again.
      const inTranscript = (await widgetPage.messages("user").allTextContents()).some((content) =>
        content.includes(text),
      );
      const inInput = (await widgetPage.input().inputValue()) === text;
      expect(inTranscript || inInput).toBe(true);
      expect(
        await widgetPage.page.evaluate(
          () =>
            (
              window as unknown as { widget: { getState(): { isStreaming: boolean } } }
            ).widget.getState().isStreaming,
        ),
      ).toBe(false);
      // The widget still works afterwards.
      await setMode(widgetPage, "pass");
      expect((await widgetPage.ask(questions.lamp)).answer).toContain("soft dry cloth");
    });
  }
});
