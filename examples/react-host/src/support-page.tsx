/** @jsxImportSource react */
import { useState } from "react";
import { NexusChat } from "@nexus-chat/react";
import type { LinkClickEvent, MessageCompleteEvent } from "@nexus-chat/protocol";

/** A help-centre page: an embedded chat beside a panel that reacts to the chat's events. */
export function SupportPage(props: { apiUrl: string; experienceId: string }) {
  const [lastAnswer, setLastAnswer] = useState<MessageCompleteEvent | null>(null);
  const [lastLink, setLastLink] = useState<LinkClickEvent | null>(null);
  const [handoverRequested, setHandoverRequested] = useState(false);

  return (
    <main
      style={{ display: "grid", gap: 24, gridTemplateColumns: "minmax(0, 420px) 1fr", padding: 24 }}
    >
      <NexusChat
        experienceId={props.experienceId}
        apiUrl={props.apiUrl}
        embedded
        style={{ height: 600 }}
        window={{ header: { title: "Help centre" } }}
        messages={{
          welcomeMessage: "Ask me anything about your account.",
          welcomeActions: {
            actions: [
              {
                id: "agent",
                label: "Talk to a person",
                action: { type: "trigger_handover", payload: { reason: "user_requested" } },
              },
            ],
          },
        }}
        advanced={{
          customProtocolHandlers: { "tour:": (params) => console.log("start tour", params.id) },
        }}
        onMessageComplete={setLastAnswer}
        onLinkClick={setLastLink}
        onHandover={() => setHandoverRequested(true)}
      />
      <aside aria-label="What the chat did">
        <h2>From the chat's events</h2>
        <p>
          {lastAnswer
            ? `Last answer: ${lastAnswer.answer.length} characters in ${lastAnswer.duration} ms.`
            : "No answer yet."}
        </p>
        <p>
          {lastLink ? `Last link: ${lastLink.href} (${lastLink.protocol})` : "No link clicked yet."}
        </p>
        {handoverRequested && <p role="status">An agent will join shortly.</p>}
      </aside>
    </main>
  );
}
