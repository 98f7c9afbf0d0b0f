// The script-tag bundle loads marked, DOMPurify and the renderer as a separate file after the
// launcher shows. Until that file arrives, and if it never does, answers show as plain text: safe,
// complete, and upgraded to markdown as soon as the file is there.
import type { Route } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";

const harness = useHarness();
let experienceId: string;
const chunkPattern = "**/nexus-chat-widget-markdown.js";
const question = "What does the glimmerwick guide say?";

beforeAll(async () => {
  experienceId = uniqueExperienceId("chunk");
  await harness.admin.createExperienceWithDocuments({ id: experienceId, name: "Chunk" }, [
    {
      title: "Glimmerwick guide",
      externalId: "glimmerwick",
      format: "markdown",
      content: [
        "# Glimmerwick guide",
        "",
        "The glimmerwick guide is **important** and [online](https://example.com/glimmerwick).",
        "",
        "<img src=x onerror=\"window.__pwned='chunk-img'\"> The glimmerwick ends here.",
      ].join("\n"),
    },
  ]);
});

describe("the lazily loaded markdown chunk", () => {
  it("is requested only after the launcher shows; answers upgrade to markdown when it arrives", async () => {
    const context = await harness.newContext();
    let releaseChunk = () => {};
    const chunkHeld = new Promise<void>((resolve) => (releaseChunk = resolve));
    let launcherShownAtRequest: boolean | undefined;
    await context.route(chunkPattern, async (route: Route) => {
      launcherShownAtRequest = await route
        .request()
        .frame()
        .evaluate(() => document.querySelector(".nxc-launcher")?.checkVisibility() ?? false);
      await chunkHeld;
      await route.continue();
    });
    const widgetPage = await harness.openPage(context, harness.hostPage({ experienceId }));
    await widgetPage.launcher().waitFor({ state: "visible" });
    await expect.poll(() => launcherShownAtRequest).toBe(true);

    const complete = await widgetPage.ask(question);
    expect(complete.answer).toContain("**important**");
    const answer = widgetPage.lastAnswer();
    // Plain text meanwhile: the markdown as written, no elements made from it, nothing run.
    expect(await answer.textContent()).toContain("**important**");
    expect(await answer.locator("strong, a, img").count()).toBe(0);

    releaseChunk();
    await answer.locator("strong", { hasText: "important" }).waitFor();
    const link = answer.getByRole("link", { name: "online" });
    expect(await link.getAttribute("href")).toBe("https://example.com/glimmerwick");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await answer.textContent()).not.toContain("**");
    expect(await answer.locator("img[onerror]").count()).toBe(0);
    expect(await widgetPage.page.evaluate(() => "__pwned" in window)).toBe(false);
  });

  it("loads under a nonce-only Content-Security-Policy: the import carries the script's nonce", async () => {
    const config = { experienceId, apiUrl: harness.apiUrl };
    const url = harness.pages.addFile(`/nonce-${experienceId}/`, {
      body: [
        '<!doctype html><html lang="en"><head><title>Nonce</title></head><body>',
        `<script nonce="n0nce" src="${harness.api.origin}/widget/nexus-chat-widget.js"></script>`,
        `<script nonce="n0nce">window.widget = NexusChatWidget.init(${JSON.stringify(config)});</script>`,
        "</body></html>",
      ].join(""),
      contentType: "text/html; charset=utf-8",
      headers: {
        "content-security-policy": `script-src 'nonce-n0nce'; connect-src ${harness.proxy.origin}`,
      },
    });
    const widgetPage = await harness.openPage(await harness.newContext(), url);
    // This page records no events, so the answer is awaited in the DOM.
    await widgetPage.openWindow();
    await widgetPage.input().fill(question);
    await widgetPage.button("Send message").click();
    await widgetPage.lastAnswer().locator("strong", { hasText: "important" }).waitFor();
    expect(widgetPage.pageErrors).toEqual([]);
  });

  it("keeps answers readable as plain text when the chunk cannot load, and tries again", async () => {
    const context = await harness.newContext();
    let chunkFails = true;
    await context.route(chunkPattern, (route: Route) =>
      chunkFails ? route.abort("failed") : route.continue(),
    );
    const widgetPage = await harness.openPage(context, harness.hostPage({ experienceId }));
    const complete = await widgetPage.ask(question);
    const answer = widgetPage.lastAnswer();
    await expect.poll(() => answer.getAttribute("data-status")).toBe("complete");
    expect(await answer.textContent()).toContain("The glimmerwick guide is **important**");
    expect(await answer.locator("strong, a, img").count()).toBe(0);
    expect(complete.answer).toContain("glimmerwick");
    expect(widgetPage.pageErrors).toEqual([]);
    expect(await widgetPage.page.evaluate(() => "__pwned" in window)).toBe(false);

    // The network is back: the next answer loads the chunk and shows markdown.
    chunkFails = false;
    await widgetPage.ask(question);
    await widgetPage.lastAnswer().locator("strong", { hasText: "important" }).waitFor();
  });
});
