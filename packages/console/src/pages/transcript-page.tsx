import type { ConversationTranscript } from "@nexus-chat/protocol";
import { api } from "../api.js";
import { useLoad } from "../use-load.js";

export function TranscriptPage({ sessionId }: { sessionId: string }) {
  const { data, error } = useLoad(
    () => api<ConversationTranscript>("GET", `/conversations/${sessionId}`),
    sessionId,
  );
  return (
    <section>
      <p>
        <a href="#/conversations">← All conversations</a>
      </p>
      <h1>Conversation</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <p class="meta">
            Assistant <strong>{data.session.experienceId}</strong>, started{" "}
            {new Date(data.session.createdAt).toLocaleString()}, {data.session.status}
            {data.session.userId ? `, user ${data.session.userId}` : ""}
          </p>
          <ol class="transcript">
            {data.turns.map((turn) => (
              <li key={turn.queryId} class="turn">
                <p class="question">
                  <span class="who">Visitor</span> {turn.query}
                </p>
                <div class="answer">
                  <span class="who">Assistant</span>
                  {turn.answered === false && <span class="badge warn">Not answered</span>}
                  <p class="text">{turn.answer}</p>
                  {turn.sources.length > 0 && (
                    <details>
                      <summary>Sources ({turn.sources.length})</summary>
                      <ul>
                        {turn.sources.map((source) => (
                          <li key={source.id}>
                            {source.url ? <a href={source.url}>{source.title}</a> : source.title}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                  {turn.feedback && (
                    <p class={`feedback ${turn.feedback.rating}`}>
                      Rated {turn.feedback.rating === "positive" ? "helpful" : "not helpful"}
                      {turn.feedback.comment ? `: “${turn.feedback.comment}”` : ""}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ol>
          <h2>Link clicks</h2>
          {data.linkClicks.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {data.linkClicks.map((click, index) => (
                <li key={index}>
                  {click.text} ({click.href})
                </li>
              ))}
            </ul>
          )}
          <h2>Hand-overs</h2>
          {data.handovers.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul>
              {data.handovers.map((handover, index) => (
                <li key={index}>
                  {handover.reason} ({handover.priority}, {handover.status})
                </li>
              ))}
            </ul>
          )}
          <h2>Widget events</h2>
          {data.widgetEvents.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <ul class="events">
              {data.widgetEvents.map((event, index) => (
                <li key={index}>
                  <code>{event.name}</code> {new Date(event.timestamp).toLocaleTimeString()}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
