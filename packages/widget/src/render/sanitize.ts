import DOMPurify from "dompurify";

let purifier: ReturnType<typeof DOMPurify> | undefined;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so our hooks never touch a DOMPurify the host page uses.
  purifier = DOMPurify(window);
  // Set once: parsing the configuration on every call would cost as much as a small sanitise.
  purifier.setConfig({
    USE_PROFILES: { html: true },
    FORBID_TAGS: [
      "style",
      "form",
      "input",
      "button",
      "textarea",
      "select",
      "iframe",
      "object",
      "embed",
      "dialog",
      "template",
    ],
    FORBID_ATTR: ["style", "id", "class", "name", "target"],
    ALLOWED_URI_REGEXP: /^(?!(?:javascript|data|vbscript):)/i,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  purifier.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName !== "A") return;
    const href = node.getAttribute("href");
    node.removeAttribute("target");
    // Relative links resolve to the page's own http(s) origin: they open in a new tab too.
    if (
      href !== null &&
      (/^https?:/i.test(href.trim()) || !/^[a-z][a-z\d+.-]*:/i.test(href.trim()))
    ) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
  return purifier;
}

/**
 * Sanitises rendered answer HTML into a fragment. Only HTML survives (no SVG or MathML), no
 * scripts, styles, forms, frames, event handlers, ids or classes; `javascript:`, `data:` and
 * `vbscript:` links lose their href and so become inert text.
 */
export function sanitizeToFragment(html: string): DocumentFragment {
  return getPurifier().sanitize(html) as unknown as DocumentFragment;
}
