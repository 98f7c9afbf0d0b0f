// The events demo page seen by a test: its controls by role and name, its log by data attributes.
import type { Locator, Page } from "playwright-core";
import type { WidgetEventName } from "@nexus-chat/protocol";

export class DemoPage {
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on("pageerror", (error) => this.pageErrors.push(String(error)));
  }

  /** Log entries, newest first, optionally of one event. */
  entries(name?: WidgetEventName): Locator {
    return this.page.locator(
      name ? `#log-list [data-event-name="${name}"]` : "#log-list [data-event-name]",
    );
  }

  /** The payload of the newest visible entry of `name`, parsed from the log's JSON. */
  async latestPayload(name: WidgetEventName): Promise<Record<string, unknown>> {
    const entry = this.entries(name).first();
    await entry.waitFor({ state: "attached" });
    const json = await entry.locator("pre.payload").textContent();
    return JSON.parse(json ?? "null") as Record<string, unknown>;
  }

  async count(name: WidgetEventName): Promise<number> {
    return Number(
      await this.page.locator(`[data-event-count="${name}"]`).getAttribute("data-count"),
    );
  }

  /** Waits until the log holds an entry of `name`. */
  async waitForEntry(name: WidgetEventName, timeout = 20_000): Promise<void> {
    await this.entries(name).first().waitFor({ state: "attached", timeout });
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** Sends `text` through the page's `sendMessage()` form. */
  async sendMessage(text: string): Promise<void> {
    await this.page.getByLabel("Message for sendMessage()").fill(text);
    await this.button("Send").click();
  }

  /** The widget's newest answer (light DOM or shadow DOM: Playwright's locators pierce both). */
  lastAnswer(): Locator {
    return this.page.locator('[data-nexus-role="assistant"]').last();
  }
}
