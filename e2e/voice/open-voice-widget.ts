// Opens a host page with the fake Web Speech API installed before anything of the page runs.
import type { BrowserContextOptions } from "playwright-core";
import type { Harness } from "../support/harness.js";
import type { HostPageOptions } from "../support/host-page.js";
import type { WidgetPage } from "../support/widget-page.js";
import { installFakeSpeech, type FakeSpeechConfig } from "./fake-speech.js";

export async function openVoiceWidget(
  harness: Harness,
  options: Omit<HostPageOptions, "apiUrl">,
  fake: FakeSpeechConfig = {},
  contextOptions?: BrowserContextOptions,
): Promise<WidgetPage> {
  const context = await harness.newContext(contextOptions);
  await installFakeSpeech(context, fake);
  return harness.openPage(context, harness.hostPage(options));
}

/** Calls a method of the page's `widget`. */
export function callWidget(widgetPage: WidgetPage, method: string): Promise<unknown> {
  return widgetPage.page.evaluate(
    (name) => (window as unknown as { widget: Record<string, () => unknown> }).widget[name]!(),
    method,
  );
}
