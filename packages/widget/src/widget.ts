import { signal } from "@preact/signals-core";
import type { WidgetConfig, WidgetInstance } from "@nexus-chat/protocol";
import { createChatStore } from "./state/chat-store.js";
import { createInFlightRecord } from "./state/in-flight-answer.js";
import { createPersistence } from "./state/persistence.js";
import { createApiClient } from "./transport/api-client.js";
import { createChatController } from "./chat/chat-controller.js";
import { writeClipboard } from "./ui/write-clipboard.js";
import { createVoiceUi } from "./ui/create-voice-ui.js";
import { createRef } from "preact";
import { transcriptPage } from "./ui/ui-events.js";
import { createHost } from "./host/host.js";
import { createSettingsPart, readPageConfig } from "./host/settings-part.js";
import { createPersistencePart } from "./host/persistence-part.js";
import { createEventsPart } from "./host/events-part.js";
import { createDomPart } from "./host/dom-part.js";
import { createColourSchemePart } from "./host/colour-scheme-part.js";
import { createWindowPart } from "./host/window-part.js";
import { createRenderingPart } from "./host/rendering-part.js";
import { createInstanceApi } from "./host/instance-api.js";

let instanceCount = 0;

/**
 * Creates a chat widget on the page and returns its instance API. Never throws for bad options:
 * each unknown or mistyped option is reported with a console warning and ignored.
 *
 * The widget is a list of parts, each connected as it is added; `destroy()` disconnects them in
 * reverse order, so each part goes before the parts it uses.
 */
export function init(config: WidgetConfig): WidgetInstance {
  const pageConfig = readPageConfig(config);
  const experienceId = pageConfig.experienceId ?? "";
  const id = String(++instanceCount);
  const host = createHost();
  const persistence = createPersistence(experienceId);
  const api = createApiClient(
    pageConfig.apiUrl ?? "",
    pageConfig.accessToken,
    persistence.sessionSecrets,
  );

  const { options, settings, modeNames, languageReady } = host.add(
    createSettingsPart(pageConfig, api, host),
  );
  const store = createChatStore(settings.peek().sizing.defaultMode);
  const inFlight = createInFlightRecord(persistence);
  const transcriptLimit = signal(transcriptPage);
  const stored = host.add(
    createPersistencePart({
      persistence,
      inFlight,
      settings,
      modeNames,
      store,
      disableTabSync: !!pageConfig.disableTabSync,
      host,
      shownEvents: transcriptLimit,
    }),
  );
  const events = host.add(createEventsPart(api, experienceId, settings.peek().analytics, store));
  const { emit } = events;
  const dom = host.add(createDomPart(id, pageConfig, options, settings));
  host.add(createColourSchemePart(dom.mount, settings));

  const draft = signal("");
  const voice = createVoiceUi(
    settings,
    emit,
    draft,
    (text) => void chat.controller.send(text),
    (text) => (store.announcement.value = text),
  );
  host.add({ disconnect: () => voice.dispose() });
  const chat = host.add({
    controller: createChatController({
      settings,
      store,
      api,
      emit,
      analytics: events.analytics,
      writeClipboard: (text) => writeClipboard(text, dom.mount),
      onAnswerComplete: (messageId, text) => voice.answerCompleted(messageId, text),
      inFlight,
      liveRecord: {
        read: () => persistence.read("live"),
        write: (value) => persistence.write("live", value),
      },
    }),
    stopWatching: undefined as (() => void) | undefined,
    connect() {
      // After init returns, so that handlers the page adds at once hear `messageResume`.
      setTimeout(() => {
        if (!host.stopped) this.controller.resumeAfterReload();
      }, 0);
      // Another tab's answer, shown here as it grows (events fire in that tab).
      if (!pageConfig.disableTabSync)
        this.stopWatching = inFlight.watch((answer) => this.controller.followOtherTab(answer));
    },
    disconnect() {
      this.stopWatching?.();
      // The session ends (and `sessionEnd` is emitted) before speech stops and events close.
      this.controller.endSession(true);
      this.controller.dispose();
    },
  });
  const { controller } = chat;

  const chatWindow = host.add(
    createWindowPart({
      host,
      root: dom.root,
      settings,
      modeNames,
      store,
      emit,
      afterPaint: (callback) => rendering.afterPaint(callback),
      onOpen: () => void controller.checkSession(),
      onClose: () => voice.stop(),
    }),
  );
  const rendering = host.add(
    createRenderingPart({
      host,
      store,
      mount: dom.mount,
      root: dom.root,
      attach: dom.attach,
      ready: languageReady,
      context: {
        settings,
        store,
        controller,
        draft,
        voice,
        open: chatWindow.open,
        close: chatWindow.close,
        toggleSize: chatWindow.toggleSize,
        launcherRef: chatWindow.launcherRef,
        inputRef: chatWindow.inputRef,
        windowRef: chatWindow.windowRef,
        transcriptRef: createRef(),
        windowId: `nxc-window-${id}`,
        actionStyle: dom.actionStyle,
        transcriptLimit,
        loadEarlier: stored.loadEarlier,
      },
    }),
  );

  return createInstanceApi(host, events.emitter, store, chatWindow, controller, stored.allEvents);
}
