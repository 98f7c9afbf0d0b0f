import type { Emit } from "./emit.js";

const typingPause = 1000;

/** `typing` while the visitor writes, `typingStop` after a pause or when the message is sent. */
export function createTyping(emit: Emit) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let text: string | undefined;

  const stop = (): void => {
    clearTimeout(timer);
    if (text !== undefined) emit("typingStop", { finalText: text });
    text = undefined;
  };

  /** The input changed. */
  const typed = (value: string): void => {
    if (!value) return stop();
    text = value;
    emit("typing", { text: value, length: value.length });
    clearTimeout(timer);
    timer = setTimeout(stop, typingPause);
  };

  return { typed, stop, dispose: (): void => clearTimeout(timer) };
}
