import { baseCss } from "./base-css.js";

/** One instance's styles in a document or shadow root; `update` replaces its own rules. */
export interface InstalledStyles {
  update(css: string): void;
  remove(): void;
}

let sharedSheet: CSSStyleSheet | undefined;
const users = new Map<Document | ShadowRoot, number>();

const canAdopt = (): boolean => {
  try {
    return "adoptedStyleSheets" in Document.prototype && "replaceSync" in new CSSStyleSheet();
  } catch {
    return false;
  }
};

/**
 * Installs the base stylesheet (once per document or shadow root) and a sheet of the instance's
 * own rules. Constructed stylesheets need no `unsafe-inline` under a Content-Security-Policy; where
 * they are missing, `<style>` elements are used instead.
 */
export function installStyles(target: Document | ShadowRoot): InstalledStyles {
  if (canAdopt()) {
    sharedSheet ??= new CSSStyleSheet();
    if (!sharedSheet.cssRules.length) sharedSheet.replaceSync(baseCss);
    const own = new CSSStyleSheet();
    const count = users.get(target) ?? 0;
    users.set(target, count + 1);
    const base = sharedSheet;
    target.adoptedStyleSheets = [
      ...target.adoptedStyleSheets.filter((sheet) => sheet !== base),
      base,
      own,
    ];
    return {
      update: (css) => own.replaceSync(css),
      remove() {
        const left = (users.get(target) ?? 1) - 1;
        if (left) users.set(target, left);
        else users.delete(target);
        target.adoptedStyleSheets = target.adoptedStyleSheets.filter(
          (sheet) => sheet !== own && (left > 0 || sheet !== base),
        );
      },
    };
  }
  const parent = "head" in target ? target.head : target;
  const base = document.createElement("style");
  const own = document.createElement("style");
  base.textContent = baseCss;
  parent.append(base, own);
  return {
    update: (css) => (own.textContent = css),
    remove: () => {
      base.remove();
      own.remove();
    },
  };
}
