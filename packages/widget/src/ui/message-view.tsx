import type { TranscriptMessage } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { FeedbackState } from "../state/chat-store.js";
import type { UiProps } from "./ui-context.js";
import { memo } from "./memo.js";
import { MarkdownBody } from "./markdown-body.js";
import { ActionsRow } from "./actions-row.js";
import { FeedbackControls } from "./feedback-controls.js";
import { CopyIcon, SpeakerIcon, StopIcon } from "./icons.js";

/** Hours and minutes as the visitor's language writes them. */
const time = (iso: string, locale: string) =>
  new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });

interface MessageViewProps {
  message: TranscriptMessage;
  settings: Settings;
  feedback: FeedbackState | undefined;
  used: Record<string, true>;
  speaking: boolean;
}

/** One message of the transcript with its sources, actions and controls. */
export const MessageView = memo(function MessageView(
  { message, settings, feedback, used, speaking }: MessageViewProps,
  { nxc }: UiProps,
) {
  const { voice } = nxc;
  const { features, branding, language } = settings;
  const t = language.strings;
  const isUser = message.role === "user";
  const status = message.status ?? "complete";
  const answered = !isUser && status === "complete";
  // A person's message (after a hand-over) shows their name and avatar instead of the assistant's.
  const agent = message.agent;
  const avatarUrl = agent ? agent.avatarUrl : branding.avatarUrl;
  return (
    <div
      class="nxc-msg"
      data-message-id={message.id}
      data-nexus-role={message.role}
      data-status={status}
    >
      {agent && (
        <p class="nxc-agent" data-nexus-agent-name>
          {agent.name}
        </p>
      )}
      <div class="nxc-row">
        {!isUser && avatarUrl && (!agent || /^https:/i.test(avatarUrl)) && (
          <img class="nxc-avatar" src={avatarUrl} alt="" />
        )}
        <div class="nxc-bubble" dir="auto">
          {isUser ? (
            message.text
          ) : (
            <MarkdownBody text={message.text} streaming={status === "streaming"} />
          )}
        </div>
      </div>
      {!isUser && features.sources && !!message.sources?.length && (
        <ul class="nxc-sources" aria-label={t.sources}>
          {message.sources.map((source) => (
            <li key={source.id}>
              {/^https?:\/\//i.test(source.url ?? "") ? (
                <a href={source.url as string} target="_blank" rel="noopener noreferrer">
                  {source.title}
                </a>
              ) : (
                source.title
              )}
            </li>
          ))}
        </ul>
      )}
      {!isUser && message.actions && (
        <ActionsRow messageId={message.id} block={message.actions} used={used} />
      )}
      <div class="nxc-meta">
        {features.timestamps && (
          <time dateTime={message.timestamp}>{time(message.timestamp, language.locale)}</time>
        )}
        {status === "interrupted" && <span>{t.answerInterrupted}</span>}
        {status === "error" && <span>{isUser ? t.notSent : t.somethingWentWrong}</span>}
        {(status === "error" || (!isUser && status === "interrupted")) && (
          <button type="button" class="nxc-txt" data-nxc-do="retry">
            {t.retry}
          </button>
        )}
        {answered && features.copy && (
          <button type="button" class="nxc-btn" aria-label={t.copyAnswer} data-nxc-do="copy">
            <CopyIcon />
          </button>
        )}
        {answered && voice.ttsAvailable && (
          <button
            type="button"
            class="nxc-btn"
            aria-label={speaking ? t.stopReading : t.readAloud}
            aria-pressed={speaking}
            data-nxc-do="speak"
          >
            {speaking ? <StopIcon /> : <SpeakerIcon />}
          </button>
        )}
        {answered &&
          features.feedback &&
          message.queryId &&
          !message.queryId.startsWith("local-") && (
            <FeedbackControls state={feedback} comments={features.feedbackComments} strings={t} />
          )}
      </div>
    </div>
  );
});
