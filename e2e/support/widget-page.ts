// A host page with the widget in it, seen the way a user sees it: roles and accessible names from
// the cross-team contract, plus the events the page recorded.
import type { Locator, Page } from "playwright-core";
import type { WidgetEventName, WidgetEvents } from "@nexus-chat/protocol";

/** One recorded widget event. */
export interface RecordedEvent<Name extends WidgetEventName = WidgetEventName> {
  name: Name;
  payload: WidgetEvents[Name];
  widget: string;
}

export class WidgetPage {
  /** Every console line the page printed, as `type: text`. */
  readonly consoleLines: string[] = [];
  /** Uncaught exceptions of the page. */
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on("console", (message) => this.consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => this.pageErrors.push(String(error)));
  }

  launcher(): Locator {
    return this.page.getByRole("button", { name: "Open chat", exact: true });
  }

  dialog(title = "Chat"): Locator {
    return this.page.getByRole("dialog", { name: title });
  }

  input(): Locator {
    return this.page.getByRole("textbox", { name: "Message", exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  messages(role?: "user" | "assistant"): Locator {
    return this.page.locator(role ? `[data-nexus-role="${role}"]` : "[data-nexus-role]");
  }

  lastAnswer(): Locator {
    return this.messages("assistant").last();
  }

  /** Events recorded so far, optionally of one name. */
  async events<Name extends WidgetEventName>(name?: Name): Promise<RecordedEvent<Name>[]> {
    const all = await this.page.evaluate(
      () => (window as unknown as { __events: RecordedEvent[] }).__events,
    );
    return (name ? all.filter((event) => event.name === name) : all) as RecordedEvent<Name>[];
  }

  async payloads<Name extends WidgetEventName>(name: Name): Promise<WidgetEvents[Name][]> {
    return (await this.events(name)).map((event) => event.payload);
  }

  eventCount(name: WidgetEventName): Promise<number> {
    return this.page.evaluate(
      (eventName) =>
        (window as unknown as { __events: RecordedEvent[] }).__events.filter(
          (event) => event.name === eventName,
        ).length,
      name,
    );
  }

  /** Waits until at least `count` events called `name` were recorded; returns the last one. */
  async waitForEvent<Name extends WidgetEventName>(
    name: Name,
    count = 1,
    timeout = 15_000,
  ): Promise<WidgetEvents[Name]> {
    await this.page.waitForFunction(
      ([eventName, wanted]) =>
        (window as unknown as { __events: RecordedEvent[] }).__events.filter(
          (event) => event.name === eventName,
        ).length >= (wanted as number),
      [name, count] as const,
      { timeout },
    );
    const payloads = await this.payloads(name);
    return payloads[payloads.length - 1] as WidgetEvents[Name];
  }

  /** Opens the window with the launcher, unless it is open already. */
  async openWindow(): Promise<void> {
    try {
      if (!(await this.dialog().isVisible())) await this.launcher().click();
      await this.dialog().waitFor({ state: "visible" });
    } catch (error) {
      // Say why: a widget that never rendered usually left an exception or a console error.
      throw new Error(
        `Could not open the chat window: ${String(error)}\n` +
          `page errors: ${JSON.stringify(this.pageErrors)}\n` +
          `console: ${JSON.stringify(this.consoleLines.slice(-10))}`,
      );
    }
  }

  /** Types a question, sends it with the Send button and waits for the answer to complete. */
  async ask(text: string): Promise<WidgetEvents["messageComplete"]> {
    const before = await this.eventCount("messageComplete");
    await this.openWindow();
    await this.input().fill(text);
    await this.button("Send message").click();
    return this.waitForEvent("messageComplete", before + 1);
  }
}
