// Answers are untrusted: a bot answers with hostile HTML or markdown, and nothing in it may run
// script or navigate. Every payload (`support/hostile-corpus.ts`) would set `window.__pwned` if it
// ever executed. The answers come from a webhook engine: the server drops links, images and tags
// whose URL uses a refused scheme from them on the way (as from documents at import; see
// streaming-link-filter.test.ts), and the widget's own defence faces everything else (scripts,
// handler attributes, SVG animations, frames, forms, meta refresh) in a real browser.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUnsafeLinks } from "../packages/server/src/ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../packages/server/src/ingest/link-policy.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { findDangerousNodes, payloads } from "./support/hostile-corpus.js";

const harness = useHarness();
let experienceId: string;

/** The site owner's bot: answers a question naming a keyword with that keyword's payload. */
let bot: Server;

beforeAll(async () => {
  bot = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const { query } = JSON.parse(body) as { query: string };
      const keyword = Object.keys(payloads).find((candidate) => query.includes(candidate)) ?? "";
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          answer: `The ${keyword} section starts here.\n\n${payloads[keyword] ?? ""}\n\nThe ${keyword} section ends here.`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, "127.0.0.1", resolve));
  experienceId = uniqueExperienceId("hostile");
  await harness.admin.createExperience({
    id: experienceId,
    name: "Hostile answers",
    engine: "webhook",
    engineOptions: { url: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/bot` },
  });
});
afterAll(() => new Promise((resolve) => bot.close(resolve)));

describe("hostile answers", () => {
  it("never run script, in light DOM and in a shadow root, even when every link is clicked", async () => {
    for (const useShadowDOM of [false, true]) {
      const context = await harness.newContext();
      const widgetPage = await harness.openPage(
        context,
        harness.hostPage({ experienceId, config: { useShadowDOM } }),
      );
      const popups: string[] = [];
      context.on("page", (popup) => popups.push(popup.url()));
      const startUrl = widgetPage.page.url();

      for (const [keyword, payload] of Object.entries(payloads)) {
        const complete = await widgetPage.ask(`Tell me about ${keyword}`);
        // The payload really reached the widget (so this test can fail), less the links the
        // server refuses to hand out.
        expect(complete.answer, `answer for ${keyword}`).toContain(
          payload.split("\n")[0]!.slice(0, 7),
        );
        expect(complete.answer).toContain(`The ${keyword} section ends here.`);
        expect(findUnsafeLinks(complete.answer, new LinkPolicy())).toEqual([]);
        // Let images fail to load and animations begin before judging.
        await widgetPage.page.waitForFunction(() =>
          Array.from(document.querySelectorAll("img")).every((image) => image.complete),
        );
        await widgetPage.page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 300))),
        );
        expect(
          await widgetPage.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
        ).toBeUndefined();
      }

      // No executable element or handler attribute made it into the transcript.
      const dangerous = await widgetPage.messages("assistant").evaluateAll(findDangerousNodes);
      expect(dangerous).toEqual([]);

      const links = widgetPage.messages("assistant").locator("a");
      const count = await links.count();
      expect(count).toBeGreaterThan(0);
      for (let index = 0; index < count; index += 1) {
        await links.nth(index).click({ force: true });
      }
      await widgetPage.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      expect(
        await widgetPage.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
      ).toBeUndefined();
      expect(widgetPage.page.url()).toBe(startUrl);
      // A link that resolves to a web address may open a new tab (relative ones included);
      // nothing may open a script or data document.
      expect(popups.filter((popup) => !/^https?:/.test(popup))).toEqual([]);
      expect(widgetPage.pageErrors).toEqual([]);
    }
  });
});
