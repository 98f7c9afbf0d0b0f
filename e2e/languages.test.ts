// The widget's languages: every built-in pack leaves no English in the widget's own visible text or
// accessible names; Arabic and Hebrew lay out right to left; the locale comes from the option or
// the page's lang; one string can be replaced; and with analytics off nothing reaches /analytics/*.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { WidgetPage } from "./support/widget-page.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import { en } from "../packages/widget/src/i18n/en.js";
import es from "../packages/widget/src/i18n/packs/es.js";
import fr from "../packages/widget/src/i18n/packs/fr.js";
import de from "../packages/widget/src/i18n/packs/de.js";
import pt from "../packages/widget/src/i18n/packs/pt.js";
import it_ from "../packages/widget/src/i18n/packs/it.js";
import nl from "../packages/widget/src/i18n/packs/nl.js";
import ja from "../packages/widget/src/i18n/packs/ja.js";
import zhCN from "../packages/widget/src/i18n/packs/zh-CN.js";
import ar from "../packages/widget/src/i18n/packs/ar.js";
import he from "../packages/widget/src/i18n/packs/he.js";

const packs = { es, fr, de, pt, it: it_, nl, ja, "zh-CN": zhCN, ar, he };
const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("languages");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Languages" },
    standardDocuments,
  );
});

/** Every option that puts more of the widget's own texts on screen. */
const everyFeature = {
  features: { feedback: true, copy: true, timestamps: true, sources: true, voice: true },
};

/** Opens the window and asks a question without relying on English names. */
async function askAnywhere(widgetPage: WidgetPage, text: string): Promise<void> {
  const page = widgetPage.page;
  const before = await widgetPage.eventCount("messageComplete");
  await page.locator(".nxc-launcher").click();
  await page.locator(".nxc-input").fill(text);
  await page.locator(".nxc-send").click();
  await widgetPage.waitForEvent("messageComplete", before + 1);
  // The answer's controls render after its last frame.
  await page
    .locator('[data-nexus-role="assistant"][data-status="complete"] .nxc-meta button')
    .first()
    .waitFor();
}

/**
 * The widget's own words on screen: its text nodes and accessible names (aria-label, placeholder,
 * title, alt), leaving out what the conversation itself says (bubbles, source titles).
 */
function widgetTexts(widgetPage: WidgetPage): Promise<string[]> {
  return widgetPage.page.evaluate(() => {
    const root = document.querySelector("[data-nexus-chat]") as HTMLElement;
    const clone = root.cloneNode(true) as HTMLElement;
    for (const element of clone.querySelectorAll(".nxc-bubble, .nxc-sources li")) element.remove();
    const texts: string[] = [];
    const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text) texts.push(text);
    }
    for (const element of clone.querySelectorAll("*")) {
      for (const name of ["aria-label", "placeholder", "title", "alt"]) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

describe("language packs", () => {
  it.each(Object.entries(packs))(
    "%s: no English left in the widget's visible text or accessible names",
    async (locale, pack) => {
      const widgetPage = await harness.openWidget({
        experienceId,
        config: { locale, ...everyFeature },
      });
      await askAnywhere(widgetPage, questions.lamp);
      const texts = await widgetTexts(widgetPage);
      // English words a pack legitimately shares (Chat, Conversation, Message…) are not English left.
      const english = new Set(
        (Object.keys(en) as (keyof typeof en)[])
          .filter((key) => pack[key] !== en[key])
          .map((key) => en[key]),
      );
      expect(texts.filter((text) => english.has(text))).toEqual([]);
      expect(texts).toContain(pack.sendMessage);
      expect(texts).toContain(pack.copyAnswer);
      expect(texts).toContain(pack.helpful);
      const root = widgetPage.page.locator("[data-nexus-chat]");
      expect(await root.getAttribute("lang")).toBe(locale);
      expect(await root.getAttribute("dir")).toBe(
        locale === "ar" || locale === "he" ? "rtl" : "ltr",
      );
    },
  );
});

describe("right to left", () => {
  const imagesDirectory = fileURLToPath(new URL("../docs/images/", import.meta.url));

  it.each(["ar", "he"] as const)("%s lays out right to left", async (locale) => {
    const widgetPage = await harness.openWidget(
      { experienceId, config: { locale, features: { feedback: true, copy: true } } },
      { viewport: { width: 900, height: 760 } },
    );
    await askAnywhere(widgetPage, questions.lamp);
    const page = widgetPage.page;
    const box = async (selector: string) => {
      const found = await page.locator(selector).first().boundingBox();
      if (!found) throw new Error(`${selector} is not on screen`);
      return found;
    };
    // The send button is on the left of the input, the launcher in the bottom-left corner.
    expect((await box(".nxc-send")).x).toBeLessThan((await box(".nxc-input")).x);
    expect((await box(".nxc-launcher")).x).toBeLessThan(450);
    // Text runs and aligns from the right: the user's question sits on the left (the end side).
    const styles = await page.locator(".nxc-input").evaluate((input) => {
      const style = getComputedStyle(input);
      return { direction: style.direction, textAlign: style.textAlign };
    });
    expect(styles.direction).toBe("rtl");
    expect(["start", "right"]).toContain(styles.textAlign);
    const title = await box(".nxc-title");
    const windowBox = await box(".nxc-window");
    expect(title.x + title.width).toBeGreaterThan(windowBox.x + windowBox.width - 80);
    // The docs' screenshots, taken when asked for (see docs/languages.md).
    if (process.env.NEXUS_DOC_SCREENSHOTS === "1") {
      mkdirSync(imagesDirectory, { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${imagesDirectory}widget-${locale}.png` });
    }
  });
});

describe("choosing the language", () => {
  it("follows the page's lang, and the locale option wins over it", async () => {
    const byPage = await harness.openWidget({ experienceId, htmlLang: "fr-CA" });
    await expect
      .poll(() => byPage.page.locator(".nxc-launcher").getAttribute("aria-label"))
      .toBe(fr.openChat);
    const byOption = await harness.openWidget({
      experienceId,
      htmlLang: "fr",
      config: { locale: "de" },
    });
    await expect
      .poll(() => byOption.page.locator(".nxc-launcher").getAttribute("aria-label"))
      .toBe(de.openChat);
    await byOption.page.locator(".nxc-launcher").click();
    await expect
      .poll(() => byOption.page.locator(".nxc-input").getAttribute("placeholder"))
      .toBe(de.placeholder);
    // A language without a pack: English.
    const unknown = await harness.openWidget({ experienceId, htmlLang: "sv" });
    await expect
      .poll(() => unknown.page.locator(".nxc-launcher").getAttribute("aria-label"))
      .toBe(en.openChat);
  });

  it("messages.strings replaces one string and leaves the rest of the pack", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      config: { locale: "es", messages: { strings: { sendMessage: "Preguntar ya" } } },
    });
    await widgetPage.page.locator(".nxc-launcher").click();
    await expect
      .poll(() => widgetPage.page.locator(".nxc-send").getAttribute("aria-label"))
      .toBe("Preguntar ya");
    expect(await widgetPage.page.locator(".nxc-input").getAttribute("aria-label")).toBe(es.message);
  });
});

describe("the server's own texts", () => {
  it("the not-found answer and its hand-over button follow the widget's language", async () => {
    const widgetPage = await harness.openWidget({ experienceId, config: { locale: "es" } });
    await askAnywhere(widgetPage, "¿Qué opinas del flurbigato morado?");
    const answer = widgetPage.lastAnswer();
    await expect.poll(() => answer.textContent()).toMatch(/No encontré nada/);
    expect(await answer.locator(".nxc-action").textContent()).toBe("Hablar con un agente");
  });
});

describe("analytics off", () => {
  it("using every feature sends nothing to /analytics/*", async () => {
    const quietId = uniqueExperienceId("quiet-languages");
    await harness.admin.createExperienceWithDocuments(
      { id: quietId, name: "Quiet" },
      standardDocuments,
    );
    const widgetPage = await harness.openWidget({
      experienceId: quietId,
      config: {
        advanced: { analytics: false },
        features: { feedback: true, copy: true, sources: true, feedbackComments: true },
      },
      configSource: `({ advanced: { customProtocolHandlers: { "tour:": () => undefined } } })`,
    });
    const page = widgetPage.page;
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await widgetPage.ask(questions.links);
    const answer = widgetPage.lastAnswer();
    await answer.getByRole("link", { name: "Start the tour" }).click();
    await answer.getByRole("link", { name: "read the quillonary guide" }).click();
    await widgetPage.waitForEvent("linkClick", 2);
    await widgetPage.ask(questions.actions);
    const actions = widgetPage.lastAnswer().locator(".nxc-action");
    for (let index = 0; index < (await actions.count()); index++) {
      if (await actions.nth(index).isEnabled()) await actions.nth(index).click();
    }
    await widgetPage.button("Copy answer").last().click();
    await widgetPage.button("Helpful").last().click();
    await widgetPage.waitForEvent("feedback");
    await widgetPage.button("Expand window").click();
    await widgetPage.button("New conversation").click();
    await widgetPage.button("Close chat").click();
    await page.goto("about:blank");
    // A widget with analytics on, closed after it, proves late beacons would have arrived.
    const control = await harness.openWidget({ experienceId });
    await control.ask(questions.lamp);
    await control.page.goto("about:blank");
    const analyticsOf = (id: string) =>
      harness.proxy.bodies.filter(
        (entry) => entry.request.includes("/analytics/") && entry.body.includes(id),
      );
    await expect
      .poll(() => analyticsOf(experienceId).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(analyticsOf(quietId)).toEqual([]);
    // Two widgets, two questions each and every control: more than the default 45 s on a busy machine.
  }, 120_000);
});
