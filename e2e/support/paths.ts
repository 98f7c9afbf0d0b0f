// Files the browser suite loads from the repository.
import { fileURLToPath } from "node:url";

/** The built script-tag bundle, exactly what sites load. */
export const widgetBundlePath = fileURLToPath(
  new URL("../../packages/widget/dist/nexus-chat-widget.js", import.meta.url),
);

/** The markdown chunk the bundle imports from its own directory after the launcher shows. */
export const markdownChunkPath = fileURLToPath(
  new URL("../../packages/widget/dist/nexus-chat-widget-markdown.js", import.meta.url),
);

/** axe-core's browser build, injected into pages for the accessibility audit. */
export const axeScriptPath = fileURLToPath(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
);

/** The documentation's examples, kept verbatim and type-checked by the protocol package. */
export const documentationExamplesPath = fileURLToPath(
  new URL("../../packages/protocol/typetest/events-system-examples.js", import.meta.url),
);
