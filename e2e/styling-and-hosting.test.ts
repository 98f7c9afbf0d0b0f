// The widget on hostile or unusual host pages: a stylesheet that tries to break it, shadow-DOM
// isolation, a strict Content-Security-Policy, and a phone-sized viewport.
import { beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import type { WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("styling");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Styling" },
    standardDocuments,
  );
});

const hostileStylesheet = `<style>
  * { all: unset; font-size: 40px !important; }
  div { display: inline !important; }
  button { background: rgb(255, 0, 0); padding: 50px; }
  textarea { width: 5px; height: 5px; }
  [role="dialog"] { position: static; }
  head, script, style { display: none !important; }
</style>`;

async function expectSaneLayout(widgetPage: WidgetPage): Promise<void> {
  const viewport = widgetPage.page.viewportSize()!;
  const launcher = (await widgetPage.launcher().boundingBox())!;
  expect(launcher.width).toBeGreaterThanOrEqual(32);
  expect(launcher.width).toBeLessThanOrEqual(120);
  expect(launcher.height).toBeGreaterThanOrEqual(32);
  expect(launcher.height).toBeLessThanOrEqual(120);
  expect(launcher.x + launcher.width).toBeLessThanOrEqual(viewport.width);
  expect(launcher.y + launcher.height).toBeLessThanOrEqual(viewport.height);

  await widgetPage.openWindow();
  const dialog = (await widgetPage.dialog().boundingBox())!;
  expect(dialog.width).toBeGreaterThanOrEqual(300);
  expect(dialog.width).toBeLessThanOrEqual(700);
  expect(dialog.height).toBeGreaterThanOrEqual(400);
  expect(dialog.y).toBeGreaterThanOrEqual(0);
  expect(dialog.y + dialog.height).toBeLessThanOrEqual(viewport.height);
  const input = (await widgetPage.input().boundingBox())!;
  expect(input.width).toBeGreaterThan(150);
  expect(input.height).toBeGreaterThanOrEqual(20);
  expect(input.y + input.height).toBeLessThanOrEqual(dialog.y + dialog.height);
  const inputFontSize = await widgetPage
    .input()
    .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(inputFontSize).toBeLessThanOrEqual(24);

  const complete = await widgetPage.ask(questions.lamp);
  expect(complete.answer).toContain("soft dry cloth");
  const answer = (await widgetPage.lastAnswer().boundingBox())!;
  expect(answer.width).toBeLessThanOrEqual(dialog.width);
  const answerFontSize = await widgetPage
    .lastAnswer()
    .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(answerFontSize).toBeLessThanOrEqual(24);
}

describe("host page isolation", () => {
  it("a hostile host stylesheet does not break the light-DOM widget", async () => {
    const widgetPage = await harness.openWidget(
      { experienceId, head: hostileStylesheet },
      { viewport: { width: 1280, height: 900 } },
    );
    await expectSaneLayout(widgetPage);
  });

  it("with useShadowDOM every style lives in the shadow root and host CSS stays out", async () => {
    const widgetPage = await harness.openWidget(
      { experienceId, head: hostileStylesheet, config: { useShadowDOM: true } },
      { viewport: { width: 1280, height: 900 } },
    );
    await expectSaneLayout(widgetPage);
    const placement = await widgetPage.page.evaluate(() => {
      const root = document.querySelector("[data-nexus-chat]");
      const shadow = root?.shadowRoot;
      const mentionsWidget = (sheet: CSSStyleSheet) => {
        try {
          return Array.from(sheet.cssRules).some((rule) => rule.cssText.includes("nxc-"));
        } catch {
          return false;
        }
      };
      return {
        hasShadowRoot: Boolean(shadow),
        shadowMode: shadow?.mode,
        documentSheets: [
          ...Array.from(document.styleSheets),
          ...document.adoptedStyleSheets,
        ].filter(mentionsWidget).length,
        shadowSheets: shadow
          ? [...Array.from(shadow.styleSheets), ...shadow.adoptedStyleSheets].filter(mentionsWidget)
              .length
          : 0,
        launcherBackground: shadow
          ? getComputedStyle(shadow.querySelector("button")!).backgroundColor
          : "",
      };
    });
    expect(placement).toMatchObject({ hasShadowRoot: true, shadowMode: "open", documentSheets: 0 });
    expect(placement.shadowSheets).toBeGreaterThan(0);
    expect(placement.launcherBackground).not.toBe("rgb(255, 0, 0)");
  });

  it("runs under a strict Content-Security-Policy without unsafe-inline scripts", async () => {
    const context = await harness.newContext();
    await context.addInitScript({
      content: `window.__violations = []; document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));`,
    });
    const policy = [
      "default-src 'self'",
      "script-src 'self'",
      `connect-src ${harness.proxy.origin}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
    ].join("; ");
    const url = harness.hostPage(
      { experienceId, bundleFrom: "page" },
      { "content-security-policy": policy },
    );
    const widgetPage = await harness.openPage(context, url);
    const complete = await widgetPage.ask(questions.lamp);
    expect(complete.answer).toContain("soft dry cloth");
    await widgetPage.lastAnswer().getByRole("button", { name: "Helpful", exact: true }).click();
    await widgetPage.waitForEvent("feedback");
    const violations = await widgetPage.page.evaluate(
      () => (window as unknown as { __violations: string[] }).__violations,
    );
    expect(violations).toEqual([]);
    expect(widgetPage.pageErrors).toEqual([]);
  });
});

describe("mobile", () => {
  it("below 640 px the window is full-screen and the input's font is at least 16 px", async () => {
    const widgetPage = await harness.openWidget(
      { experienceId },
      {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    );
    await widgetPage.launcher().tap();
    await widgetPage.dialog().waitFor({ state: "visible" });
    const dialog = (await widgetPage.dialog().boundingBox())!;
    expect(Math.round(dialog.x)).toBe(0);
    expect(Math.round(dialog.y)).toBe(0);
    expect(Math.round(dialog.width)).toBe(390);
    expect(Math.round(dialog.height)).toBe(844);
    const fontSize = await widgetPage
      .input()
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
    const complete = await widgetPage.ask(questions.lamp);
    expect(complete.answer).toContain("soft dry cloth");
    await widgetPage.button("Close chat").tap();
    await widgetPage.dialog().waitFor({ state: "hidden" });
  });
});
