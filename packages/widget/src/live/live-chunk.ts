// The widget's side of a conversation with a person (issue 13): most pages never hand a visitor
// over, so this code is a chunk of its own (ADR 0003), loaded only through load-live.ts when a
// hand-over starts or a reload finds one in progress.
export { startLiveConversation } from "./live-conversation.js";
export { renderLivePanel } from "./live-panel.js";
