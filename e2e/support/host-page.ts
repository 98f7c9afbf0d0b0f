// Builds a plain host page that loads the built widget bundle and initialises it. Every script is
// an external file, so the same pages work under a strict Content-Security-Policy.
import { widgetEventNames } from "@nexus-chat/protocol";

/** Options of one host page. */
export interface HostPageOptions {
  experienceId: string;
  /** The widget's `apiUrl`. */
  apiUrl: string;
  /** JSON-able options, deep-merged over `{ experienceId, apiUrl }`. */
  config?: Record<string, unknown>;
  /** JavaScript expression evaluating to options with functions; deep-merged last. */
  configSource?: string;
  /** Script run before `init` (stubs of host globals and the like). */
  beforeInit?: string;
  /** Script run after `init`, with `widget` in scope. */
  afterInit?: string;
  /** Call `init` at load. @default true */
  initialize?: boolean;
  /** The page's `<html lang>`. @default "en" */
  htmlLang?: string;
  /** Extra markup in `<head>` (e.g. a hostile stylesheet). */
  head?: string;
  /** Extra markup in `<main>`. */
  body?: string;
  /** Where the bundle comes from: the API's `/widget/nexus-chat-widget.js` or the page's origin. @default "api" */
  bundleFrom?: "api" | "page";
}

/** Script shared by every page: a recorder of widget events and a deep merge of options. */
const pageRuntime = `
window.__events = window.__events || [];
window.__recordWidget = function (widget, label) {
  ${JSON.stringify(widgetEventNames)}.forEach(function (name) {
    widget.on(name, function (payload) {
      var copy;
      try { copy = JSON.parse(JSON.stringify(payload)); } catch (error) { copy = { unserializable: String(error) }; }
      window.__events.push({ name: name, payload: copy, widget: label || "main" });
    });
  });
};
window.__mergeOptions = function merge(target, source) {
  Object.keys(source || {}).forEach(function (key) {
    var value = source[key];
    var isPlain = value && typeof value === "object" && !Array.isArray(value) &&
      Object.getPrototypeOf(value) === Object.prototype;
    if (isPlain && target[key] && typeof target[key] === "object") merge(target[key], value);
    else target[key] = value;
  });
  return target;
};
`;

/** The HTML and init script of a host page whose files live under `directory` (ends with `/`). */
export function buildHostPage(
  options: HostPageOptions,
  directory: string,
): { html: string; script: string } {
  const apiOrigin = new URL(options.apiUrl).origin;
  const bundleUrl =
    options.bundleFrom === "page"
      ? "/nexus-chat-widget.js"
      : `${apiOrigin}/widget/nexus-chat-widget.js`;
  const html = `<!doctype html>
<html lang="${options.htmlLang ?? "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>
${options.head ?? ""}
</head>
<body>
<main>
<h1>Host page</h1>
<p>Some content of the site that embeds the chat.</p>
${options.body ?? ""}
</main>
<script src="${bundleUrl}"></script>
<script src="${directory}init.js"></script>
</body>
</html>`;
  const baseConfig = { experienceId: options.experienceId, apiUrl: options.apiUrl };
  const script = `${pageRuntime}
${options.beforeInit ?? ""}
window.__config = window.__mergeOptions(
  window.__mergeOptions(${JSON.stringify(baseConfig)}, ${JSON.stringify(options.config ?? {})}),
  (${options.configSource ?? "{}"})
);
${
  options.initialize === false
    ? ""
    : `{
  const widget = window.NexusChatWidget.init(window.__config);
  window.widget = widget;
  window.__recordWidget(widget);
  ${options.afterInit ?? ""}
}`
}
`;
  return { html, script };
}
