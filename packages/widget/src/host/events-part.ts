import type { WidgetEvents } from "@nexus-chat/protocol";
import { createEmitter } from "../emitter.js";
import type { Emit } from "../chat/emit.js";
import type { ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { createAnalyticsReporter } from "../transport/analytics-reporter.js";

export type EventsPart = ReturnType<typeof createEventsPart>;

/**
 * The 23 widget events: the host page's handlers and the one analytics reporter, which sends
 * nothing when `advanced.analytics` is false. Queued analytics leave when the page goes away.
 */
export function createEventsPart(
  api: ApiClient,
  experienceId: string,
  analyticsEnabled: boolean,
  store: ChatStore,
) {
  const emitter = createEmitter<WidgetEvents>();
  const analytics = createAnalyticsReporter(api, experienceId, analyticsEnabled);
  let closed = false;
  const emit: Emit = (name, fields) => {
    if (closed) return;
    const payload = {
      timestamp: new Date().toISOString(),
      sessionId: store.sessionId.value,
      ...fields,
    } as unknown as WidgetEvents[typeof name];
    emitter.emit(name, payload);
    analytics.record(name, payload);
  };
  const onPageHide = (): void => analytics.flush(true);
  return {
    emitter,
    analytics,
    emit,
    connect() {
      addEventListener("pagehide", onPageHide);
    },
    disconnect() {
      closed = true;
      analytics.dispose();
      removeEventListener("pagehide", onPageHide);
      emitter.clear();
    },
  };
}
