import { batch, computed, effect, signal } from "@preact/signals-core";
import { createRef, h, render } from "preact";
import type {
  ExperiencePublicConfig,
  WidgetConfig,
  WidgetEvents,
  WidgetInstance,
  WidgetState,
} from "@nexus-chat/protocol";
import { createEmitter } from "./emitter.js";
import { optionSpec } from "./config/option-spec.js";
import { validateOptions } from "./config/validate-config.js";
import { mergeOptions } from "./config/merge-options.js";
import { resolveSettings } from "./config/resolve-settings.js";
import { createChatStore } from "./state/chat-store.js";
import { createPersistence, type PersistedChat } from "./state/persistence.js";
import { createTabSync, type TabSync } from "./state/tab-sync.js";
import { createChatSaver } from "./state/chat-saver.js";
import { createApiClient } from "./transport/api-client.js";
import { createAnalyticsReporter } from "./transport/analytics-reporter.js";
import { createChatController } from "./chat/chat-controller.js";
import type { Emit } from "./chat/emit.js";
import { App } from "./ui/app.js";
import { UiProvider, type UiContextValue } from "./ui/ui-context.js";
import { installStyles } from "./ui/style-host.js";
import { cssValue, instanceCss } from "./ui/instance-css.js";
import { writeClipboard } from "./ui/write-clipboard.js";
import { createVoiceUi } from "./ui/create-voice-ui.js";

let instanceCount = 0;

/** Options the server may not change after the page has chosen them. */
const pageOnlyOptions = [
  "experienceId",
  "apiUrl",
  "accessToken",
  "userId",
  "container",
  "advanced",
  "embedded",
  "useShadowDOM",
  "disableTabSync",
];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Creates a chat widget on the page and returns its instance API. Never throws for bad options:
 * each unknown or mistyped option is reported with a console warning and ignored.
 */
export function init(config: WidgetConfig): WidgetInstance {
  const pageConfig = validateOptions(
    isPlainObject(config) ? config : {},
    optionSpec,
  ) as unknown as WidgetConfig;
  for (const required of ["experienceId", "apiUrl"] as const) {
    if (!pageConfig[required]) console.warn(`[nexus-chat] The option "${required}" is required.`);
  }
  const experienceId = pageConfig.experienceId ?? "";
  const id = String(++instanceCount);
  const options = signal(pageConfig);
  const settings = computed(() => resolveSettings(options.value));
  const initial = settings.value;
  const persistence = createPersistence(experienceId);
  const modeNames = () => settings.value.sizing.modes.map((mode) => mode.name);
  const rememberedMode = persistence.read("mode");
  const store = createChatStore(
    initial.sizing.rememberSize && rememberedMode && modeNames().includes(rememberedMode)
      ? rememberedMode
      : initial.sizing.defaultMode,
  );
  const saved = persistence.loadChat();
  if (saved) {
    batch(() => {
      store.sessionId.value = saved.sessionId;
      store.sessionStartedAt.value = saved.sessionStartedAt;
      // An answer that was streaming when the page went away can no longer finish.
      store.events.value = saved.events.map((event) =>
        event.type === "message" && event.status === "streaming"
          ? { ...event, status: "interrupted" }
          : event,
      );
      store.showWelcome.value = saved.showWelcome !== false;
    });
  }
  store.disclaimerAccepted.value = persistence.read("disclaimer") === "accepted";
  store.bubbleDismissed.value = persistence.read("bubble") === "dismissed";
  if (initial.embedded) store.isOpen.value = true;

  const emitter = createEmitter<WidgetEvents>();
  const api = createApiClient(
    pageConfig.apiUrl ?? "",
    pageConfig.accessToken,
    persistence.sessionSecrets,
  );
  const analytics = initial.analytics ? createAnalyticsReporter(api, experienceId) : undefined;
  let destroyed = false;
  const emit: Emit = (name, fields) => {
    if (destroyed) return;
    const payload = {
      timestamp: new Date().toISOString(),
      sessionId: store.sessionId.value,
      ...fields,
    } as unknown as WidgetEvents[typeof name];
    emitter.emit(name, payload);
    analytics?.record(name, payload);
  };

  // The DOM: a root element in the page (or the container), the UI in it or in its shadow root.
  const root = document.createElement("div");
  root.className = "nxc-root";
  root.setAttribute("data-nexus-chat", "");
  root.dataset.nxcId = id;
  let mount: HTMLElement = root;
  let styleTarget: Document | ShadowRoot = document;
  if (pageConfig.useShadowDOM && typeof root.attachShadow === "function") {
    const shadow = root.attachShadow({ mode: "open" });
    mount = document.createElement("div");
    mount.className = "nxc-root";
    mount.dataset.nxcId = id;
    shadow.append(mount);
    styleTarget = shadow;
  }
  const styles = installStyles(styleTarget);

  const controller = createChatController({
    settings,
    store,
    api,
    emit,
    writeClipboard: (text) => writeClipboard(text, mount),
    onAnswerComplete: (messageId, text) => voice.answerCompleted(messageId, text),
  });
  const draft = signal("");
  const voice = createVoiceUi(
    settings,
    emit,
    draft,
    (text) => void controller.send(text),
    (text) => (store.announcement.value = text),
  );

  const launcherRef = createRef<HTMLButtonElement>();
  const focusIsInside = (): boolean => {
    const active = document.activeElement;
    return active === document.body || active === null || root.contains(active);
  };

  const open = (): void => {
    if (destroyed || store.isOpen.value) return;
    store.isOpen.value = true;
    emit("open", {});
    void controller.checkSession();
    context.afterPaint(() => {
      const field = context.inputRef.current;
      if (settings.value.input.autoFocus && field && !field.disabled) field.focus();
      else context.windowRef.current?.focus();
    });
  };
  const close = (): void => {
    if (destroyed || settings.value.embedded || !store.isOpen.value) return;
    const hadFocus = focusIsInside();
    store.isOpen.value = false;
    voice.stop();
    emit("close", {});
    if (hadFocus) launcherRef.current?.focus();
  };
  const changeMode = (name: string, event: "minimize" | "maximize"): void => {
    const previousMode = store.mode.value;
    if (destroyed || name === previousMode) return;
    store.mode.value = name;
    emit(event, { previousMode });
  };
  const minimize = (): void => {
    const names = modeNames();
    const index = names.indexOf(store.mode.value);
    if (index > 0) changeMode(names[index - 1] as string, "minimize");
  };
  const maximize = (): void => {
    const names = modeNames();
    changeMode(names[names.length - 1] as string, "maximize");
  };

  // Rendering: one effect tracks every signal the components read during a (synchronous) render
  // and schedules the next render, at most once per frame, when any of them changes.
  const paintCallbacks: (() => void)[] = [];
  let stopTracking: (() => void) | undefined;
  let paintPending = false;
  let paintedEvents = -1;
  let paintFrame = 0;
  let paintTimer: ReturnType<typeof setTimeout> | undefined;
  /** A render happened since the last animation frame began. */
  let paintedThisFrame = false;
  const paint = (): void => {
    cancelAnimationFrame(paintFrame);
    clearTimeout(paintTimer);
    if (!paintPending || destroyed || !root.isConnected) return;
    paintPending = false;
    if (!paintedThisFrame) {
      paintedThisFrame = true;
      requestAnimationFrame(() => (paintedThisFrame = false));
    }
    stopTracking?.();
    let first = true;
    stopTracking = effect(() => {
      if (!first) return schedulePaint();
      first = false;
      render(h(UiProvider, { value: context }, h(App, {})), mount);
    });
    // Sending a message brings the end of the conversation back into view; a growing answer
    // stays in view by itself, because the transcript scrolls in reverse.
    const events = store.events.peek();
    const last = events[events.length - 1];
    if (
      paintedEvents !== (paintedEvents = events.length) &&
      last?.type === "message" &&
      last.role === "user"
    ) {
      context.scrollToEnd();
    }
    for (const callback of paintCallbacks.splice(0)) callback();
  };
  function schedulePaint(): void {
    if (paintPending || destroyed) return;
    paintPending = true;
    if (store.isStreaming.peek() && paintedThisFrame) {
      // While an answer streams, the first update after a frame is written at once, so it shows
      // in the very next frame; later ones wait for that frame, so a fast stream costs one render
      // per frame. Frames do not run in background tabs: a timer keeps the DOM current there.
      paintFrame = requestAnimationFrame(paint);
      if (document.hidden) paintTimer = setTimeout(paint, 100);
    } else {
      queueMicrotask(paint);
    }
  }

  /** Colours of action buttons, by the attribute value that applies them. */
  const actionStyles: string[] = [];
  const context: UiContextValue = {
    settings,
    store,
    controller,
    draft,
    open,
    close,
    toggleSize: () => {
      const names = modeNames();
      if (store.mode.value === names[names.length - 1]) minimize();
      else maximize();
    },
    launcherRef,
    inputRef: createRef(),
    windowRef: createRef(),
    transcriptRef: createRef(),
    scrollToEnd() {
      // The transcript scrolls in reverse: 0 is its end.
      const list = context.transcriptRef.current;
      if (list) list.scrollTop = 0;
    },
    afterPaint(callback) {
      paintCallbacks.push(callback);
      schedulePaint();
    },
    windowId: `nxc-window-${id}`,
    actionStyle(style) {
      const background = cssValue(style?.backgroundColor);
      const text = cssValue(style?.textColor);
      if (!background && !text) return undefined;
      const rule = `${background ? `background:${background};` : ""}${text ? `color:${text}` : ""}`;
      let index = actionStyles.indexOf(rule);
      if (index < 0) {
        index = actionStyles.push(rule) - 1;
        refreshStyles();
      }
      return String(index);
    },
    voice,
  };

  const refreshStyles = (): void =>
    styles.update(
      instanceCss(id, options.value, settings.value.sizing.modes) +
        actionStyles
          .map(
            (rule, index) =>
              `.nxc-root[data-nxc-id="${id}"] .nxc-action[data-nxc-style="${index}"]{${rule}}`,
          )
          .join(""),
    );

  // "auto" follows the visitor's colour scheme, live.
  const darkQuery = matchMedia("(prefers-color-scheme: dark)");
  const prefersDark = signal(darkQuery.matches);
  const onSchemeChange = (): void => void (prefersDark.value = darkQuery.matches);
  darkQuery.addEventListener("change", onSchemeChange);

  // Effects: keep attributes, styles and storage in step with the state.
  let tabSync: TabSync | undefined;
  const chatSaver = createChatSaver(
    { store: persistence.saveChat, publish: (json) => tabSync?.publish(json) },
    saved,
  );
  const disposers = [
    effect(() => {
      const current = settings.value;
      mount.dataset.theme =
        current.theme === "auto" ? (prefersDark.value ? "dark" : "light") : current.theme;
      mount.dataset.pos = current.launcher.position;
      if (current.embedded) root.dataset.embedded = mount.dataset.embedded = "";
      refreshStyles();
      if (!modeNames().includes(store.mode.peek())) store.mode.value = current.sizing.defaultMode;
    }),
    effect(() => {
      const chat: PersistedChat = {
        sessionId: store.sessionId.value,
        sessionStartedAt: store.sessionStartedAt.value,
        events: store.events.value,
        showWelcome: store.showWelcome.value,
      };
      // Mid-answer states are not saved: other tabs see the question, then the finished answer.
      if (!store.isStreaming.value) chatSaver.note(chat);
    }),
    effect(() => {
      if (settings.value.sizing.rememberSize) persistence.write("mode", store.mode.value);
    }),
    effect(() => {
      if (store.disclaimerAccepted.value) persistence.write("disclaimer", "accepted");
    }),
    effect(() => {
      if (store.bubbleDismissed.value) persistence.write("bubble", "dismissed");
    }),
  ];
  // A restored chat that changed (an answer cut off by the reload) is stored again before the
  // other tabs are listened to, as it always was.
  chatSaver.flush();
  if (!pageConfig.disableTabSync) {
    tabSync = createTabSync(experienceId, persistence.chatKey, (chat) => {
      if (destroyed || store.isStreaming.value || !chat || !Array.isArray(chat.events)) return;
      batch(() => {
        store.events.value = chat.events;
        store.sessionId.value = chat.sessionId;
        store.sessionStartedAt.value = chat.sessionStartedAt;
        store.showWelcome.value = chat.showWelcome;
      });
      chatSaver.adopt(chat);
    });
  }

  const onPageHide = (): void => analytics?.flush(true);
  addEventListener("pagehide", onPageHide);

  const mountUi = (): void => {
    if (destroyed) return;
    const container = pageConfig.embedded
      ? typeof pageConfig.container === "string"
        ? document.querySelector(pageConfig.container)
        : pageConfig.container
      : undefined;
    if (pageConfig.embedded && !container && pageConfig.container !== undefined) {
      console.warn(
        `[nexus-chat] The container ${String(pageConfig.container)} was not found; using the end of the page.`,
      );
    }
    (container ?? document.body).append(root);
    paintPending = true;
    paint();
  };
  const onReady = (): void => mountUi();
  if (document.body) mountUi();
  else document.addEventListener("DOMContentLoaded", onReady, { once: true });

  // After the first frame, so the request is not on the launcher's critical path.
  const loadRemoteConfig = (): void => {
    if (
      destroyed ||
      pageConfig.advanced?.loadRemoteConfig === false ||
      !pageConfig.apiUrl ||
      !experienceId
    )
      return;
    api
      .request<ExperiencePublicConfig>(
        "GET",
        `/experiences/${encodeURIComponent(experienceId)}/config`,
      )
      .then((remote) => {
        if (destroyed || !isPlainObject(remote?.widget)) return;
        const stored = { ...remote.widget } as Record<string, unknown>;
        for (const name of pageOnlyOptions) delete stored[name];
        options.value = mergeOptions(
          validateOptions(stored, optionSpec) as unknown as WidgetConfig,
          pageConfig,
        );
      })
      .catch(() => undefined);
  };
  const remoteConfigTimer = setTimeout(loadRemoteConfig, 0);

  const instance: WidgetInstance = {
    on: (name, handler) => emitter.on(name, handler),
    off: (name, handler) => emitter.off(name, handler),
    once: (name, handler) => emitter.once(name, handler),
    open,
    close,
    toggle: () => (store.isOpen.value ? close() : open()),
    minimize,
    maximize,
    sendMessage: (text, metadata) =>
      destroyed ? Promise.resolve() : controller.send(text, metadata),
    startNewSession: (sessionId) => (destroyed ? "" : controller.startNewSession(sessionId)),
    clearChat: () => {
      if (!destroyed) controller.clearChat();
    },
    getState: (): WidgetState => ({
      isOpen: store.isOpen.value,
      mode: store.mode.value,
      sessionId: store.sessionId.value,
      isStreaming: store.isStreaming.value,
      messageCount: store.messageCount(),
      disclaimerAccepted: store.disclaimerAccepted.value,
      messages: store.events.value,
    }),
    destroy() {
      if (destroyed) return;
      controller.endSession(true);
      // Speech ends with its last voiceEnd / ttsEnd events, so it is stopped while events still flow.
      voice.dispose();
      destroyed = true;
      controller.dispose();
      for (const dispose of disposers) dispose();
      // The session's end is saved and shared while the channel is still open.
      chatSaver.flush();
      stopTracking?.();
      clearTimeout(remoteConfigTimer);
      cancelAnimationFrame(paintFrame);
      clearTimeout(paintTimer);
      darkQuery.removeEventListener("change", onSchemeChange);
      tabSync?.close();
      analytics?.dispose();
      removeEventListener("pagehide", onPageHide);
      document.removeEventListener("DOMContentLoaded", onReady);
      render(null, mount);
      root.remove();
      styles.remove();
      emitter.clear();
    },
  };
  return instance;
}
