import type {
  InterceptorContext,
  InterceptorReply,
  MessageInterceptor,
} from "@nexus-chat/protocol";

/** What to do with a user's message once the interceptor has seen it. */
export type InterceptOutcome =
  | { kind: "send"; text: string; metadata: Record<string, unknown> | undefined }
  | { kind: "reply"; reply: InterceptorReply };

/**
 * Runs the host's interceptor and interprets every result form: `null`, `undefined` and
 * `{ handled: false }` send the message unchanged, `{ handled: false, message }` sends that
 * message instead, `{ handled: true, response | message }` answers locally. Rejects when the
 * interceptor throws, rejects, returns something else, or takes longer than `timeout` ms.
 */
export async function runInterceptor(
  interceptor: MessageInterceptor,
  text: string,
  metadata: Record<string, unknown> | undefined,
  context: InterceptorContext,
  timeout: number,
): Promise<InterceptOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The message interceptor did not answer within ${timeout} ms.`)),
      timeout,
    );
  });
  try {
    const message = { text, role: "user" as const, metadata };
    const result = await Promise.race([
      Promise.resolve().then(() => interceptor(message, context)),
      expired,
    ]);
    if (result === null || result === undefined) return { kind: "send", text, metadata };
    if (typeof result === "object" && result.handled === true) {
      const reply = "response" in result ? result.response : result.message;
      if (reply && typeof reply.text === "string") return { kind: "reply", reply };
    } else if (typeof result === "object" && result.handled === false) {
      const changed = result.message;
      if (changed === undefined) return { kind: "send", text, metadata };
      if (typeof changed?.text === "string") {
        return { kind: "send", text: changed.text, metadata: changed.metadata ?? metadata };
      }
    }
    throw new Error("The message interceptor returned a result the widget does not understand.");
  } finally {
    clearTimeout(timer);
  }
}
