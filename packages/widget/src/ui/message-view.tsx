import { memo } from "./memo.js";
import { useContext } from "preact/hooks";
import type { TranscriptMessage } from "@nexus-chat/protocol";
import { UiContext } from "./ui-context.js";
import { MarkdownBody } from "./markdown-body.js";
import { ActionsRow } from "./actions-row.js";
import { FeedbackControls } from "./feedback-controls.js";
import { CopyIcon, SpeakerIcon, StopIcon } from "./icons.js";

interface MessageViewProps {
  message: TranscriptMessage;
  onRender?: () => void;
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

const isWebUrl = (url: string | null): url is string => !!url && /^https?:\/\//i.test(url);

/** One message of the transcript with its sources, actions and controls. */
export const MessageView = memo(function MessageView({ message, onRender }: MessageViewProps) {
  const { settings, controller, voice } = useContext(UiContext);
  const { features, branding } = settings.value;
  const isUser = message.role === "user";
  const status = message.status ?? "complete";
  const complete = status === "complete";
  const canRetry = isUser ? status === "error" : status === "error" || status === "interrupted";
  const onLink = (event: MouseEvent) => {
    const anchor = (event.target as Element).closest?.("a");
    if (anchor && (event.type === "click" || event.button === 1)) {
      controller.clickLink(event, anchor, message);
    }
  };
  const speaking = voice.speakingId.value === message.id;
  return (
    <div
      class="nxc-msg"
      data-message-id={message.id}
      data-nexus-role={message.role}
      data-status={status}
    >
      <div class="nxc-row">
        {!isUser && branding.avatarUrl && (
          <img class="nxc-avatar" src={branding.avatarUrl} alt="" />
        )}
        <div class="nxc-bubble" onClick={onLink} onAuxClick={onLink}>
          {isUser ? (
            message.text
          ) : (
            <MarkdownBody
              text={message.text}
              streaming={status === "streaming"}
              onRender={onRender}
            />
          )}
        </div>
      </div>
      {!isUser && features.sources && !!message.sources?.length && (
        <ul class="nxc-sources" aria-label="Sources">
          {message.sources.map((source) => (
            <li key={source.id}>
              {isWebUrl(source.url) ? (
                <a href={source.url} target="_blank" rel="noopener noreferrer">
                  {source.title}
                </a>
              ) : (
                source.title
              )}
            </li>
          ))}
        </ul>
      )}
      {!isUser && message.actions && <ActionsRow messageId={message.id} block={message.actions} />}
      <div class="nxc-meta">
        {features.timestamps && <time dateTime={message.timestamp}>{time(message.timestamp)}</time>}
        {status === "interrupted" && <span>Answer interrupted.</span>}
        {status === "error" && <span>{isUser ? "Not sent." : "Something went wrong."}</span>}
        {canRetry && (
          <button type="button" class="nxc-txt" onClick={() => controller.retry(message.id)}>
            Retry
          </button>
        )}
        {!isUser && complete && features.copy && (
          <button
            type="button"
            class="nxc-btn"
            aria-label="Copy answer"
            onClick={() => void controller.copy(message)}
          >
            <CopyIcon />
          </button>
        )}
        {!isUser && complete && voice.ttsAvailable && (
          <button
            type="button"
            class="nxc-btn"
            aria-label={speaking ? "Stop reading" : "Read aloud"}
            onClick={() => voice.toggleSpeaking(message.id, message.text)}
          >
            {speaking ? <StopIcon /> : <SpeakerIcon />}
          </button>
        )}
        {!isUser &&
          complete &&
          features.feedback &&
          message.queryId &&
          !message.queryId.startsWith("local-") && <FeedbackControls message={message} />}
      </div>
    </div>
  );
});
