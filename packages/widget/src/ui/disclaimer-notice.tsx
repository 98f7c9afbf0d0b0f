import { useContext } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { MarkdownBody } from "./markdown-body.js";

/** The notice the user accepts before the input is enabled. */
export function DisclaimerNotice() {
  const { settings, store, controller, inputRef } = useContext(UiContext);
  const disclaimer = settings.value.disclaimer;
  if (!disclaimer || store.disclaimerAccepted.value) return null;
  return (
    <div class="nxc-disclaimer" role="region" aria-label={disclaimer.title} data-nexus-disclaimer>
      <h2>{disclaimer.title}</h2>
      <div
        onClick={(event) => {
          const anchor = (event.target as Element).closest?.("a");
          if (anchor) controller.clickLink(event, anchor);
        }}
      >
        <MarkdownBody text={disclaimer.text} />
      </div>
      <button
        type="button"
        class="nxc-primary"
        onClick={() => {
          controller.acceptDisclaimer();
          // The input is enabled by the next render; focus it then.
          requestAnimationFrame(() => inputRef.current?.focus());
        }}
      >
        {disclaimer.acceptLabel}
      </button>
    </div>
  );
}
