// The part of the widget that turns answers into safe HTML: marked's lexer, DOMPurify and our
// renderer. The script-tag build ships it as its own file (nexus-chat-widget-markdown.js), loaded
// after the launcher shows, so the bytes a page needs before the launcher stay small. Import it
// only through load-markdown.ts.
export { IncrementalMarkdown } from "./incremental-markdown.js";
export { markdownToSpeechText } from "../voice/markdown-to-speech-text.js";
