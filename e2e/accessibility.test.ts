// Accessibility of the open window: an axe-core audit in both themes, focus handling, keyboard
// use, and a single announcement per completed answer.
import { beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import { auditWidget } from "./support/axe.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("a11y");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Accessibility" },
    standardDocuments,
  );
});

describe("accessibility", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`axe finds no violations on the open window with an answer, ${theme} theme`, async () => {
      const widgetPage = await harness.openWidget({
        experienceId,
        config: {
          theme,
          messages: {
            welcomeMessage: "Hello! Ask me anything.",
            welcomeActions: {
              actions: [
                { id: "hi", label: "Say hi", action: { type: "send_event", eventName: "hi" } },
              ],
            },
          },
          features: { timestamps: true },
        },
      });
      await widgetPage.ask(questions.links);
      await widgetPage.lastAnswer().getByRole("button", { name: "Helpful", exact: true }).click();
      await widgetPage.page.getByRole("textbox", { name: "Feedback comment" }).waitFor();
      expect(await auditWidget(widgetPage.page)).toEqual([]);
      // The closed state too: the launcher alone.
      await widgetPage.button("Close chat").click();
      expect(await auditWidget(widgetPage.page)).toEqual([]);
    });
  }

  it("focus moves into the window on open and back to the launcher on close; Esc closes", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const page = widgetPage.page;
    await page.keyboard.press("Tab");
    await expect
      .poll(() =>
        widgetPage
          .launcher()
          .evaluate(
            (element) => element === (element.getRootNode() as Document | ShadowRoot).activeElement,
          ),
      )
      .toBe(true);
    await page.keyboard.press("Enter");
    await widgetPage.dialog().waitFor({ state: "visible" });
    await expect
      .poll(() =>
        widgetPage.dialog().evaluate((dialog) => {
          let active: Element | null = document.activeElement;
          while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
          return active !== null && dialog.contains(active);
        }),
      )
      .toBe(true);
    await page.keyboard.press("Escape");
    await widgetPage.dialog().waitFor({ state: "hidden" });
    await widgetPage.waitForEvent("close");
    await expect
      .poll(() =>
        widgetPage
          .launcher()
          .evaluate(
            (element) => element === (element.getRootNode() as Document | ShadowRoot).activeElement,
          ),
      )
      .toBe(true);

    // Keyboard only: type and send with Enter.
    await page.keyboard.press("Enter");
    await widgetPage.dialog().waitFor({ state: "visible" });
    await widgetPage.input().focus();
    await page.keyboard.type(questions.lamp);
    await page.keyboard.press("Enter");
    expect((await widgetPage.waitForEvent("messageComplete")).answer).toContain("soft dry cloth");
  });

  it("a completed answer is announced once through the live region, not per chunk", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.openWindow();
    const liveRegion = widgetPage.page.getByRole("status");
    expect(await liveRegion.count()).toBeGreaterThan(0);
    await widgetPage.page.evaluate(() => {
      const host = window as unknown as { __announcements: string[] };
      host.__announcements = [];
      const roots: (Document | ShadowRoot)[] = [document];
      document.querySelectorAll("[data-nexus-chat]").forEach((element) => {
        if (element.shadowRoot) roots.push(element.shadowRoot);
      });
      for (const root of roots) {
        root.querySelectorAll('[role="status"]').forEach((region) => {
          new MutationObserver(() => {
            const text = region.textContent?.trim() ?? "";
            if (text && host.__announcements.at(-1) !== text) host.__announcements.push(text);
          }).observe(region, { childList: true, subtree: true, characterData: true });
        });
      }
    });
    await widgetPage.ask(questions.lamp);
    await expect
      .poll(() =>
        widgetPage.page.evaluate(
          () => (window as unknown as { __announcements: string[] }).__announcements,
        ),
      )
      .toHaveLength(1);
    const [announcement] = await widgetPage.page.evaluate(
      () => (window as unknown as { __announcements: string[] }).__announcements,
    );
    expect(announcement).toContain("zorblax");
    // Spoken as text, not as markdown source.
    expect(announcement).not.toMatch(/\*\*|^#|\]\(/m);
    expect(await widgetPage.eventCount("messageChunk")).toBeGreaterThan(1);
  });
});
