import type { ComponentChild, createElement } from "preact";
import type { Strings } from "../i18n/en.js";
import type { LiveState } from "./live-state.js";
import { fillIn } from "./fill-in.js";

/**
 * The strip above the input while a person is involved: the place in the queue, who is in the
 * conversation (with their avatar) and whether they are typing, or the choice offered when nobody
 * could take the conversation. It is built with the widget's own `h` (passed in), so this chunk
 * carries no second copy of Preact; its buttons work through the widget's delegated clicks
 * (`data-nxc-do="live"`).
 */
export function renderLivePanel(
  h: typeof createElement,
  state: LiveState,
  t: Strings,
): ComponentChild {
  const button = (action: string, label: string) =>
    h(
      "button",
      { type: "button", class: "nxc-txt", "data-nxc-do": "live", "data-nxc-live": action },
      label,
    );
  const agent = state.agent;
  let line: string;
  let buttons: ComponentChild[] = [];
  switch (state.mode) {
    case "queued":
      line =
        state.queuePosition === null
          ? t.waitingForPerson
          : fillIn(t.queuePosition, { position: state.queuePosition });
      buttons = [button("assistant", t.continueWithAssistant)];
      break;
    case "agent":
      line = agent ? fillIn(t.withAgent, { name: agent.name }) : t.waitingForPerson;
      break;
    case "unavailable":
      line = state.reason === "timeout" ? t.nobodyClaimed : t.nobodyAvailable;
      buttons = [button("leave", t.leaveMessage), button("assistant", t.continueWithAssistant)];
      break;
    case "leaving":
      line = t.leaveMessageHint;
      buttons = [button("assistant", t.continueWithAssistant)];
      break;
  }
  const avatar =
    state.mode === "agent" && agent?.avatarUrl && /^https:\/\//i.test(agent.avatarUrl)
      ? h("img", { class: "nxc-avatar", src: agent.avatarUrl, alt: "" })
      : null;
  return h(
    "div",
    { class: "nxc-live", "data-nexus-live": state.mode },
    avatar,
    h(
      "div",
      { class: "nxc-live-text" },
      h("p", { "data-nexus-live-status": "" }, line),
      state.mode === "agent" && state.typing && agent
        ? h(
            "p",
            { class: "nxc-typing", "data-nexus-agent-typing": "" },
            fillIn(t.agentTyping, { name: agent.name }),
          )
        : null,
    ),
    buttons.length ? h("div", { class: "nxc-live-actions" }, ...buttons) : null,
  );
}
