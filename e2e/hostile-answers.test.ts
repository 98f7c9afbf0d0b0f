// Answers are untrusted: a bot answers with hostile HTML or markdown, and nothing in it may run
// script or navigate. Every payload would set `window.__pwned` if it ever executed. The answers
// come from a webhook engine, not from imported documents: the server drops unsafe links from
// documents at import (see drop-unsafe-links.test.ts), and this test is about the widget's own
// defence against whatever an engine (a bot, a language model) sends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";

const harness = useHarness();
let experienceId: string;

/** Keyword → hostile markdown. Each document is found by asking for its keyword. */
const payloads: Record<string, string> = {
  kryptoscript: [
    "Scripts: <script>window.__pwned = 'script'</script>",
    "<script src=\"data:text/javascript,window.__pwned='script-src'\"></script>",
  ].join("\n"),
  kryptoimage: [
    'Images: <img src="/missing.png" onerror="window.__pwned=\'img-onerror\'">',
    "<img src=x onload=\"window.__pwned='img-onload'\">",
    "![inline](javascript:window.__pwned='markdown-image')",
  ].join("\n"),
  kryptolinks: [
    "Links: [plain javascript link](javascript:window.__pwned='markdown-link')",
    "<a href=\"javascript:window.__pwned='html-link'\">html javascript link</a>",
    "<a href=\" JaVaScRiPt:window.__pwned='mixed-case'\">mixed case link</a>",
    "[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)",
    "<a href=\"data:text/html,<script>opener.__pwned='data-html'</script>\">html data link</a>",
    "[entity link](&#106;avascript:window.__pwned='entity')",
    "[vbscript link](vbscript:msgbox(1))",
  ].join("\n"),
  kryptosvg: [
    'Vectors: <svg onload="window.__pwned=\'svg-onload\'"><circle r="4"/></svg>',
    '<svg><animate onbegin="window.__pwned=\'svg-animate\'" attributeName="x" dur="1s"/></svg>',
    '<svg><a><animate attributeName="href" values="javascript:window.__pwned=\'svg-href\'"/><text x="10" y="20">svg link</text></a></svg>',
    '<svg><set attributeName="onmouseover" to="window.__pwned=\'svg-set\'"/></svg>',
  ].join("\n"),
  kryptoframes: [
    "Frames: <iframe src=\"javascript:parent.__pwned='iframe-src'\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned='iframe-srcdoc'</script>\"></iframe>",
    "<object data=\"javascript:window.__pwned='object'\"></object>",
    "<embed src=\"javascript:window.__pwned='embed'\">",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
  ].join("\n"),
  kryptoforms: [
    "Forms: <form action=\"javascript:window.__pwned='form'\"><button>submit form</button></form>",
    "<details open ontoggle=\"window.__pwned='details'\"><summary>details</summary>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\"></style></mglyph></table></mtext></math>",
    "<div style=\"background:url(javascript:window.__pwned='css')\">styled</div>",
    "<input autofocus onfocus=\"window.__pwned='autofocus'\">",
  ].join("\n"),
};

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
        // The payload really reached the widget (so this test can fail).
        expect(complete.answer, `answer for ${keyword}`).toContain(
          payload.split("\n")[0]!.slice(0, 30),
        );
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
      const dangerous = await widgetPage.messages("assistant").evaluateAll((elements) =>
        elements.flatMap((element) =>
          Array.from(element.querySelectorAll("*")).flatMap((node) => {
            const found: string[] = [];
            const tag = node.tagName.toLowerCase();
            if (
              [
                "script",
                "iframe",
                "object",
                "embed",
                "form",
                "meta",
                "base",
                "link",
                "style",
              ].includes(tag)
            )
              found.push(tag);
            for (const attribute of Array.from(node.attributes)) {
              if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
              if (/^\s*(javascript|data|vbscript):/i.test(attribute.value) && tag !== "img")
                found.push(`${tag}[${attribute.name}=${attribute.value}]`);
            }
            return found;
          }),
        ),
      );
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
