import { useContext } from "preact/hooks";
import type { ActionsBlock } from "@nexus-chat/protocol";
import { UiContext } from "./ui-context.js";

/** The action buttons of an answer or of the welcome message. */
export function ActionsRow({ messageId, block }: { messageId: string; block: ActionsBlock }) {
  const { store, controller, actionStyle } = useContext(UiContext);
  if (!Array.isArray(block.actions) || !block.actions.length) return null;
  const used = store.usedActions.value;
  return (
    <div class="nxc-actions" data-align={block.alignment} data-spacing={block.spacing}>
      {block.actions.map((button) => (
        <button
          key={button.id}
          type="button"
          class="nxc-action"
          data-nxc-style={actionStyle(button.style)}
          disabled={!!used[`${messageId}/${button.id}`]}
          onClick={() => controller.runAction(messageId, button)}
        >
          {button.icon?.type === "emoji" && <span aria-hidden="true">{button.icon.content} </span>}
          {button.label}
        </button>
      ))}
    </div>
  );
}
