// Rating and copying answers, and the disclaimer gate.
import { beforeAll, describe, expect, it } from "vitest";
import { expectEventBase } from "./support/assertions.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("feedback");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Feedback" },
    standardDocuments,
  );
});

interface Summary {
  feedback: { positive: number; negative: number };
}

describe("feedback", () => {
  it("a rating and a comment reach the server and fire feedback", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const complete = await widgetPage.ask(questions.lamp);
    const answer = widgetPage.lastAnswer();
    const before = (await harness.admin.analyticsSummary(experienceId)) as unknown as Summary;

    const helpful = answer.getByRole("button", { name: "Helpful", exact: true });
    expect(await helpful.getAttribute("aria-pressed")).toBe("false");
    await helpful.click();
    const rated = await widgetPage.waitForEvent("feedback");
    expectEventBase(rated, complete.sessionId);
    expect(rated.rating).toBe("positive");
    expect(rated.messageId).toBe(complete.messageId);
    await expect.poll(() => helpful.getAttribute("aria-pressed")).toBe("true");
    await expect
      .poll(
        async () =>
          ((await harness.admin.analyticsSummary(experienceId)) as unknown as Summary).feedback
            .positive,
      )
      .toBe(before.feedback.positive + 1);

    await answer.getByRole("textbox", { name: "Feedback comment" }).fill("Clear and short");
    await answer.getByRole("button", { name: "Send feedback", exact: true }).click();
    const commented = await widgetPage.waitForEvent("feedback", 2);
    expect(commented).toMatchObject({
      rating: "positive",
      messageId: complete.messageId,
      comment: "Clear and short",
    });
    // A second rating of the same answer replaces the first on the server.
    await answer.getByRole("button", { name: "Not helpful", exact: true }).click();
    expect((await widgetPage.waitForEvent("feedback", 3)).rating).toBe("negative");
    await expect
      .poll(
        async () =>
          ((await harness.admin.analyticsSummary(experienceId)) as unknown as Summary).feedback,
      )
      .toEqual({ positive: before.feedback.positive, negative: before.feedback.negative + 1 });
  });

  it('a failing server emits error{type:"feedback"} and the user can retry', async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const complete = await widgetPage.ask(questions.lamp);
    const answer = widgetPage.lastAnswer();
    const before = (await harness.admin.analyticsSummary(experienceId)) as unknown as Summary;

    harness.proxy.setRule(({ method, path }) =>
      method === "POST" && path.startsWith("/api/v2/query/feedback")
        ? { kind: "status", status: 503 }
        : undefined,
    );
    const notHelpful = answer.getByRole("button", { name: "Not helpful", exact: true });
    await notHelpful.click();
    const error = await widgetPage.waitForEvent("error");
    expectEventBase(error, complete.sessionId);
    expect(error.type).toBe("feedback");
    expect(
      ((await harness.admin.analyticsSummary(experienceId)) as unknown as Summary).feedback,
    ).toEqual(before.feedback);

    harness.proxy.setRule(undefined);
    await notHelpful.click();
    await expect
      .poll(
        async () =>
          ((await harness.admin.analyticsSummary(experienceId)) as unknown as Summary).feedback
            .negative,
      )
      .toBe(before.feedback.negative + 1);
    await expect.poll(() => notHelpful.getAttribute("aria-pressed")).toBe("true");
    const feedbacks = await widgetPage.payloads("feedback");
    expect(feedbacks.at(-1)).toMatchObject({ rating: "negative", messageId: complete.messageId });
  });
});

describe("copy", () => {
  it("puts the answer's text on the clipboard and fires copy", async () => {
    const widgetPage = await harness.openWidget(
      { experienceId },
      { permissions: ["clipboard-read", "clipboard-write"] },
    );
    const complete = await widgetPage.ask(questions.lamp);
    await widgetPage.lastAnswer().getByRole("button", { name: "Copy answer", exact: true }).click();
    const copied = await widgetPage.waitForEvent("copy");
    expectEventBase(copied, complete.sessionId);
    expect(copied.messageId).toBe(complete.messageId);
    expect(copied.content).toContain("Clean the zorblax lamp with a soft dry cloth");
    const clipboard = await widgetPage.page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(copied.content);
  });
});

describe("disclaimer", () => {
  it("blocks input until accepted, fires disclaimerAccept once and remembers it", async () => {
    const context = await harness.newContext();
    const url = harness.hostPage({
      experienceId,
      config: {
        disclaimer: {
          title: "Before you start",
          text: "Answers come from a **bot**.",
          acceptLabel: "I agree",
        },
      },
    });
    const widgetPage = await harness.openPage(context, url);
    await widgetPage.openWindow();
    const disclaimer = widgetPage.page.locator("[data-nexus-disclaimer]");
    await disclaimer.waitFor({ state: "visible" });
    expect(await disclaimer.textContent()).toContain("Answers come from a bot.");
    expect(await widgetPage.input().isDisabled()).toBe(true);
    expect(await widgetPage.button("Send message").isDisabled()).toBe(true);

    await widgetPage.button("I agree").click();
    const accepted = await widgetPage.waitForEvent("disclaimerAccept");
    expectEventBase(accepted, null);
    expect(accepted.experienceId).toBe(experienceId);
    await disclaimer.waitFor({ state: "hidden" });
    expect(await widgetPage.input().isDisabled()).toBe(false);
    await widgetPage.ask(questions.lamp);

    await widgetPage.page.reload();
    await widgetPage.openWindow();
    expect(await widgetPage.page.locator("[data-nexus-disclaimer]").count()).toBe(0);
    expect(await widgetPage.input().isDisabled()).toBe(false);
    expect(
      await widgetPage.page.evaluate(
        () =>
          (
            window as unknown as { widget: { getState(): { disclaimerAccepted: boolean } } }
          ).widget.getState().disclaimerAccepted,
      ),
    ).toBe(true);
    expect(await widgetPage.eventCount("disclaimerAccept")).toBe(0);
  });
});
