import { h } from "preact";
import type { UiProps } from "./ui-context.js";

/**
 * Where the live chunk's panel shows while a person is involved (queue position, the agent,
 * "typing…", or the choice when nobody is available). Nothing until the chunk is there.
 */
export function LivePanelSlot(_props: object, { nxc }: UiProps) {
  const { live } = nxc.controller;
  const state = live.state.value;
  const chunk = live.chunk();
  return state && chunk
    ? chunk.renderLivePanel(h, state, nxc.settings.value.language.strings)
    : null;
}
