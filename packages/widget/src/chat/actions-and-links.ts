import type { ReadonlySignal } from "@preact/signals-core";
import type { ActionButton, LinkParams } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { AnalyticsReporter } from "../transport/analytics-reporter.js";
import { navigableProtocols, parseLink } from "../render/link-params.js";
import type { Emit } from "./emit.js";

export interface ActionsAndLinksOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  emit: Emit;
  analytics: AnalyticsReporter;
  reportError(message: string): void;
  /** Sends a query as if typed (a `send_query` action). */
  send(query: string, displayText?: string): void;
  /** Asks for a person (a `trigger_handover` action), after its event and notice. */
  requestHandover(handover: object): void;
  notice(key: "agentRequested"): void;
  /** Opens a web address; `_self` in this tab, otherwise a new one. */
  navigate(url: string, target: "_self" | "_blank"): void;
  /** The page's address, against which relative links are read. */
  pageUrl(): string;
}

/** A clicked link, as the UI read it from the anchor. */
export interface LinkClick {
  /** The anchor's `href` attribute; null for an anchor without one. */
  href: string | null;
  text: string;
  /** The answer the link is in, if any. */
  queryId?: string;
}

/** What the UI must do with the click: keep the browser from following it, call a handler. */
export interface LinkOutcome {
  preventDefault: boolean;
  /** The host's handler for a custom protocol, with the link's parameters. */
  handle?: (event: Parameters<Settings["protocolHandlers"][string]>[1]) => void;
}

export type ActionsAndLinks = ReturnType<typeof createActionsAndLinks>;

/** Action buttons and links in answers: what they do, which events they emit. No DOM here. */
export function createActionsAndLinks(options: ActionsAndLinksOptions) {
  const { store, emit } = options;
  const settings = (): Settings => options.settings.value;

  function runAction(messageId: string, button: ActionButton): void {
    const key = `${messageId}/${button.id}`;
    if (store.usedActions.value[key]) return;
    if (button.behavior?.oneTimeUse)
      store.usedActions.value = { ...store.usedActions.value, [key]: true };
    const action = button.action;
    switch (action.type) {
      case "trigger_handover": {
        const payload = action.payload ?? {};
        const handover = {
          reason: payload.reason ?? "user_requested",
          priority: payload.priority ?? "normal",
          metadata: payload.metadata,
        };
        emit("handover", handover);
        options.notice("agentRequested");
        options.requestHandover(handover);
        break;
      }
      case "send_event":
        emit("customAction", {
          eventName: action.eventName,
          eventData: action.eventData ?? {},
          actionId: button.id,
        });
        break;
      case "open_url": {
        const { protocol } = parseLink(action.url, options.pageUrl());
        if (!navigableProtocols.has(protocol)) {
          options.reportError(`Refused to open a ${protocol} URL.`);
        } else {
          options.navigate(action.url, action.target === "_self" ? "_self" : "_blank");
        }
        break;
      }
      case "send_query":
        options.send(action.query, action.displayText);
        break;
    }
  }

  /** A click on a link inside an answer or the disclaimer. Custom protocols never navigate. */
  function clickLink(link: LinkClick): LinkOutcome {
    const { href, text } = link;
    if (href === null) return { preventDefault: true };
    const { protocol, params } = parseLink(href, options.pageUrl());
    const navigable = navigableProtocols.has(protocol);
    emit("linkClick", { href, text, protocol, params });
    options.analytics.linkClick({
      sessionId: store.sessionId.value,
      queryId: link.queryId,
      href,
      text,
      protocol,
    });
    const handler = navigable ? undefined : settings().protocolHandlers[protocol];
    return {
      preventDefault: !navigable,
      handle: handler && ((event) => callHandler(protocol, handler, params, event)),
    };
  }

  return { runAction, clickLink };
}

function callHandler<Event>(
  protocol: string,
  handler: (params: LinkParams, event: Event) => void,
  params: LinkParams,
  event: Event,
): void {
  try {
    handler(params, event);
  } catch (error) {
    console.error(`[nexus-chat] The "${protocol}" protocol handler threw:`, error);
  }
}
