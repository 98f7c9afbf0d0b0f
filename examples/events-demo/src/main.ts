// The live events demo: the widget, its instance API behind buttons, and a log of every event.
import {
  widgetEventNames,
  type LinkParams,
  type NexusChatWidgetGlobal,
  type WidgetInstance,
} from "@nexus-chat/protocol";
import { demoWidgetConfig, suggestedQuestions } from "./demo-widget-config.js";
import { presetsFromQuery, presetsToQuery, type DemoPresets } from "./demo-presets.js";
import { EventLog } from "./event-log.js";
import { mountLogView } from "./log-view.js";

function required<Type extends HTMLElement>(selector: string): Type {
  const found = document.querySelector<Type>(selector);
  if (!found) throw new Error(`The demo page lacks ${selector}`);
  return found;
}

const log = new EventLog();
let presets: DemoPresets = presetsFromQuery(location.search);
let widget: WidgetInstance | null = null;

const announcer = required<HTMLElement>("#announcer");
const stateView = required<HTMLElement>("#widget-state");
const embeddedArea = required<HTMLElement>("#embedded-area");
const layout = required<HTMLElement>("#layout");

/** Says what happened in a polite live region and on screen. */
function announce(text: string): void {
  announcer.textContent = text;
}

function showState(): void {
  if (!widget) {
    stateView.textContent = "The widget is destroyed. Use init() to create it again.";
    return;
  }
  const { isOpen, mode, sessionId, isStreaming, messageCount, disclaimerAccepted } =
    widget.getState();
  stateView.textContent = JSON.stringify(
    { isOpen, mode, sessionId, isStreaming, messageCount, disclaimerAccepted },
    null,
    2,
  );
}

function onProtocolLink(protocol: string, params: LinkParams): void {
  announce(
    `The page handled a ${protocol} link with ${JSON.stringify(params)}: a real site would start its tour or action here.`,
  );
}

function createWidget(): void {
  const global = (window as { NexusChatWidget?: NexusChatWidgetGlobal }).NexusChatWidget;
  if (!global || typeof global.init !== "function") {
    announce("The widget script did not load: is the server serving /widget/nexus-chat-widget.js?");
    return;
  }
  const config = demoWidgetConfig(presets, {
    apiUrl: location.origin,
    container: required<HTMLElement>("#embedded-chat"),
    onProtocolLink,
  });
  const instance = global.init(config);
  widget = instance;
  for (const name of widgetEventNames) {
    instance.on(name, (payload) => {
      log.record(name, payload);
      showState();
    });
  }
  instance.on("customAction", (data) =>
    announce(`The page received customAction "${data.eventName}" from button ${data.actionId}.`),
  );
  instance.on("handover", (data) =>
    announce(
      `Handover requested (${data.reason}, ${data.priority} priority): an agent signed in to the console's Inbox can take the conversation now.`,
    ),
  );
  instance.on("agentJoin", (data) => announce(`${data.agent.name} joined the conversation.`));
  instance.on("agentLeave", (data) =>
    announce(`The agent left the conversation (${data.reason}).`),
  );
  updateControls();
  showState();
}

function destroyWidget(): void {
  widget?.destroy();
  widget = null;
  updateControls();
  showState();
}

function updateControls(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-command]")) {
    const command = button.dataset.command;
    button.disabled = command === "init" ? widget !== null : widget === null;
  }
  required<HTMLButtonElement>("#send-button").disabled = widget === null;
}

function applyPresets(next: DemoPresets): void {
  presets = next;
  history.replaceState(null, "", `${location.pathname}${presetsToQuery(presets)}${location.hash}`);
  document.documentElement.dataset.theme = presets.theme;
  embeddedArea.hidden = presets.layout !== "embedded";
  layout.classList.toggle("is-embedded", presets.layout === "embedded");
}

const commands: Record<string, () => void> = {
  open: () => widget?.open(),
  close: () => widget?.close(),
  minimize: () => widget?.minimize(),
  maximize: () => widget?.maximize(),
  startNewSession: () => {
    const sessionId = widget?.startNewSession();
    if (sessionId) announce(`Started session ${sessionId}.`);
  },
  clearChat: () => widget?.clearChat(),
  destroy: () => {
    destroyWidget();
    announce("The widget was destroyed: its elements, listeners and timers are gone.");
  },
  init: () => {
    createWidget();
    announce("The widget was created again with the current presets.");
  },
};

function sendMessage(text: string): void {
  if (!widget || !text.trim()) return;
  widget.open();
  // On a phone the embedded chat sits below the controls: bring the answer into view.
  if (presets.layout === "embedded" && matchMedia("(max-width: 760px)").matches) {
    embeddedArea.scrollIntoView({ behavior: "smooth", block: "start" });
  }
  void widget.sendMessage(text).finally(showState);
}

function setUpControls(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-command]")) {
    button.addEventListener("click", () => {
      commands[button.dataset.command ?? ""]?.();
      showState();
    });
  }

  const form = required<HTMLFormElement>("#send-form");
  const input = required<HTMLInputElement>("#send-text");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendMessage(input.value);
    input.value = "";
  });

  const questions = required<HTMLUListElement>("#suggested-questions");
  for (const question of suggestedQuestions) {
    const button = Object.assign(document.createElement("button"), {
      type: "button",
      className: "link-button",
      textContent: question,
    });
    button.addEventListener("click", () => sendMessage(question));
    const item = document.createElement("li");
    item.append(button);
    questions.append(item);
  }

  const presetsForm = required<HTMLFormElement>("#presets");
  const interceptorSelect = required<HTMLSelectElement>("#preset-interceptor");
  const fields = presetsForm.elements;
  (fields.namedItem(`layout-${presets.layout}`) as HTMLInputElement).checked = true;
  (fields.namedItem(`theme-${presets.theme}`) as HTMLInputElement).checked = true;
  (fields.namedItem("shadowDom") as HTMLInputElement).checked = presets.shadowDom;
  (fields.namedItem("disclaimer") as HTMLInputElement).checked = presets.disclaimer;
  interceptorSelect.value = presets.interceptor;

  presetsForm.addEventListener("change", () => {
    const data = new FormData(presetsForm);
    applyPresets({
      layout: data.get("layout") === "embedded" ? "embedded" : "floating",
      theme: data.get("theme") === "dark" ? "dark" : "light",
      shadowDom: data.get("shadowDom") === "on",
      disclaimer: data.get("disclaimer") === "on",
      interceptor: presetsFromQuery(`interceptor=${String(data.get("interceptor"))}`).interceptor,
    });
    if (widget) {
      destroyWidget();
      createWidget();
    }
    announce("Presets applied: the widget was re-created with them.");
  });
  presetsForm.addEventListener("submit", (event) => event.preventDefault());

  const pause = required<HTMLButtonElement>("#pause-log");
  pause.addEventListener("click", () => {
    log.setPaused(!log.paused);
    pause.setAttribute("aria-pressed", String(log.paused));
  });
  required<HTMLButtonElement>("#clear-log").addEventListener("click", () => {
    log.clear();
    announce("The event log was cleared.");
  });
  required<HTMLButtonElement>("#download-log").addEventListener("click", () => {
    const json = log.toJson({ presets, page: location.href });
    const link = Object.assign(document.createElement("a"), {
      href: URL.createObjectURL(new Blob([json], { type: "application/json" })),
      download: `nexus-chat-events-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
}

mountLogView(log, {
  list: required<HTMLOListElement>("#log-list"),
  counters: required<HTMLElement>("#counters"),
  filters: required<HTMLElement>("#group-filters"),
  status: required<HTMLElement>("#log-status"),
});
applyPresets(presets);
setUpControls();
createWidget();
