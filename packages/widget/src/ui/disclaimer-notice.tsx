import type { UiProps } from "./ui-context.js";
import { MarkdownBody } from "./markdown-body.js";

/** The notice the user accepts before the input is enabled. */
export function DisclaimerNotice(_props: object, { nxc }: UiProps) {
  const disclaimer = nxc.settings.value.disclaimer;
  if (!disclaimer || nxc.store.disclaimerAccepted.value) return null;
  return (
    <div class="nxc-disclaimer" role="region" aria-label={disclaimer.title} data-nexus-disclaimer>
      <h2>{disclaimer.title}</h2>
      <div>
        <MarkdownBody text={disclaimer.text} />
      </div>
      <button type="button" class="nxc-primary" data-nxc-do="accept">
        {disclaimer.acceptLabel}
      </button>
    </div>
  );
}
