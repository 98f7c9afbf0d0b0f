import type { ActionsBlock } from "@nexus-chat/protocol";
import type { UiProps } from "./ui-context.js";

/** The action buttons of an answer or of the welcome message. */
export function ActionsRow(
  {
    messageId,
    block,
    used,
  }: { messageId: string; block: ActionsBlock; used: Record<string, true> },
  { nxc }: UiProps,
) {
  if (!Array.isArray(block.actions)) return null;
  return (
    <div
      class="nxc-actions"
      data-align={block.alignment}
      data-spacing={block.spacing}
      data-nxc-msg={messageId}
    >
      {block.actions.map((button) => (
        <button
          key={button.id}
          type="button"
          class="nxc-action"
          data-nxc-style={nxc.actionStyle(button.style)}
          disabled={!!used[`${messageId}/${button.id}`]}
          data-nxc-do="action"
          data-nxc-action={button.id}
        >
          {button.icon?.type === "emoji" && <span aria-hidden="true">{button.icon.content} </span>}
          {button.label}
        </button>
      ))}
    </div>
  );
}
