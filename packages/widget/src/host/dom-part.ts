import { effect, type ReadonlySignal } from "@preact/signals-core";
import { render } from "preact";
import type { WidgetConfig } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import { installStyles } from "../ui/style-host.js";
import { cssValue, instanceCss } from "../ui/instance-css.js";

export type DomPart = ReturnType<typeof createDomPart>;

/**
 * The widget's place in the page: a root element (in the container, or at the end of the body),
 * the UI in it or in its shadow root, and the stylesheets: the shared one and this instance's.
 */
export function createDomPart(
  id: string,
  pageConfig: WidgetConfig,
  options: ReadonlySignal<WidgetConfig>,
  settings: ReadonlySignal<Settings>,
) {
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
  /** Colours of action buttons, by the attribute value that applies them. */
  const actionStyles: string[] = [];
  let stopEffect: (() => void) | undefined;

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

  return {
    root,
    /** Where the UI renders. */
    mount,
    /** Puts the root into the page (the container, or the end of the body). */
    attach(): void {
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
    },
    /** Registers colours of an action button; returns the attribute value that applies them. */
    actionStyle(style: { backgroundColor?: string; textColor?: string } | undefined) {
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
    connect() {
      stopEffect = effect(() => {
        const current = settings.value;
        mount.dir = current.language.dir;
        mount.lang = current.language.locale;
        mount.dataset.pos = current.launcher.position;
        if (current.embedded) root.dataset.embedded = mount.dataset.embedded = "";
        refreshStyles();
      });
    },
    disconnect() {
      stopEffect?.();
      render(null, mount);
      root.remove();
      styles.remove();
    },
  };
}
