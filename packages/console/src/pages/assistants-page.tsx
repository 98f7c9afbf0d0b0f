import type {
  EmbedSnippet,
  Experience,
  KnowledgeLanguage,
  RemoteWidgetConfig,
} from "@nexus-chat/protocol";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, session } from "../api.js";
import { navigate } from "../route.js";
import { useLoad } from "../use-load.js";

interface WidgetInstance {
  destroy(): void;
}
/** The script-tag build's global, once loaded. */
/**
 * The languages a knowledge base can be indexed in (the protocol's `knowledgeLanguages`), named
 * for the form. Changing it makes the server index the assistant's passages again.
 */
const knowledgeLanguageNames: Array<[KnowledgeLanguage, string]> = [
  ["en", "English"],
  ["es", "Spanish"],
  ["fr", "French"],
  ["de", "German"],
  ["pt", "Portuguese"],
  ["it", "Italian"],
  ["nl", "Dutch"],
  ["ja", "Japanese"],
  ["zh-CN", "Chinese (simplified)"],
  ["ar", "Arabic"],
  ["he", "Hebrew"],
];

function widgetGlobal(): { init(config: Record<string, unknown>): WidgetInstance } | undefined {
  return (
    window as unknown as {
      NexusChatWidget?: { init(config: Record<string, unknown>): WidgetInstance };
    }
  ).NexusChatWidget;
}

let widgetScript: Promise<void> | undefined;
/** Loads the real widget bundle from this server, once. */
function loadWidget(): Promise<void> {
  widgetScript ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/widget/nexus-chat-widget.js";
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("The widget bundle could not be loaded."));
    document.head.append(script);
  });
  return widgetScript;
}

/** The real widget, embedded and started with the form's settings, restarted when they change. */
function WidgetPreview({
  assistantId,
  widget,
}: {
  assistantId: string;
  widget: RemoteWidgetConfig;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState("");
  const config = JSON.stringify(widget);
  useEffect(() => {
    let instance: WidgetInstance | undefined;
    let cancelled = false;
    loadWidget().then(
      () => {
        const widgetApi = widgetGlobal();
        if (cancelled || !host.current || !widgetApi) return;
        const container = document.createElement("div");
        container.className = "preview-frame";
        host.current.replaceChildren(container);
        instance = widgetApi.init({
          ...(JSON.parse(config) as Record<string, unknown>),
          experienceId: assistantId,
          apiUrl: location.origin,
          embedded: true,
          container,
          disableTabSync: true,
        });
      },
      (failure: Error) => setError(failure.message),
    );
    return () => {
      cancelled = true;
      instance?.destroy();
    };
  }, [assistantId, config]);
  return (
    <section class="preview" aria-label="Widget preview">
      <h2>Preview</h2>
      {error && <p class="error">{error}</p>}
      <div ref={host} />
    </section>
  );
}

function AssistantForm({
  assistant,
  onSaved,
}: {
  assistant?: Experience;
  onSaved(saved: Experience): void;
}) {
  const admin = session.value?.operator.role === "admin";
  const [error, setError] = useState("");
  const [saved, setSaved] = useState(false);
  const widget = (assistant?.widget ?? {}) as RemoteWidgetConfig & {
    messages?: { welcomeMessage?: string };
    disclaimer?: { enabled?: boolean; text?: string };
  };
  const [preview, setPreview] = useState<RemoteWidgetConfig>(widget);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError("");
    setSaved(false);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    let engineOptions: Record<string, unknown>;
    try {
      engineOptions = JSON.parse(String(form.get("engineOptions") || "{}")) as Record<
        string,
        unknown
      >;
    } catch {
      setError("Engine options must be JSON, such as {}.");
      return;
    }
    const welcome = String(form.get("welcomeMessage") ?? "");
    const disclaimer = String(form.get("disclaimer") ?? "");
    const nextWidget: Record<string, unknown> = {
      ...(assistant?.widget ?? {}),
      theme: String(form.get("theme") ?? "auto"),
      messages: { ...(widget.messages ?? {}), welcomeMessage: welcome || undefined },
      disclaimer: disclaimer ? { enabled: true, text: disclaimer } : undefined,
      features: {
        feedback: form.get("featureFeedback") === "on",
        copy: form.get("featureCopy") === "on",
      },
    };
    const body = {
      name: String(form.get("name")),
      engine: String(form.get("engine")),
      engineOptions,
      requireAuth: form.get("requireAuth") === "on",
      allowedOrigins: String(form.get("allowedOrigins") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
      handoverWebhookUrl: String(form.get("handoverWebhookUrl") ?? "") || null,
      knowledgeLanguage: String(form.get("knowledgeLanguage") ?? "en"),
      widget: JSON.parse(JSON.stringify(nextWidget)) as Record<string, unknown>,
    };
    try {
      const result = assistant
        ? await api<Experience>("PATCH", `/assistants/${assistant.id}`, body)
        : await api<Experience>("POST", "/assistants", body);
      setSaved(true);
      setPreview(result.widget);
      onSaved(result);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const features = (widget as { features?: { feedback?: boolean; copy?: boolean } }).features ?? {};
  return (
    <form class="assistant-form" onSubmit={submit}>
      <fieldset disabled={!admin}>
        <legend>{assistant ? `Edit ${assistant.name}` : "New assistant"}</legend>
        <label>
          Name <input name="name" required value={assistant?.name ?? ""} />
        </label>
        <label>
          Engine
          <select name="engine" value={assistant?.engine ?? "retrieval"}>
            <option value="retrieval">Retrieval (answers from the knowledge base)</option>
            <option value="openai-compatible">OpenAI-compatible model</option>
            <option value="webhook">Webhook (your own bot)</option>
          </select>
        </label>
        <label>
          Engine options (JSON)
          <textarea
            name="engineOptions"
            rows={3}
            value={JSON.stringify(assistant?.engineOptions ?? {}, null, 1)}
          />
        </label>
        <label>
          Knowledge-base language
          <select name="knowledgeLanguage" value={assistant?.knowledgeLanguage ?? "en"}>
            {knowledgeLanguageNames.map(([tag, name]) => (
              <option key={tag} value={tag}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Allowed origins (empty: any)
          <input name="allowedOrigins" value={assistant?.allowedOrigins.join(" ") ?? ""} />
        </label>
        <label class="check">
          <input type="checkbox" name="requireAuth" checked={assistant?.requireAuth ?? false} />{" "}
          Require an access token
        </label>
        <label>
          Hand-over webhook
          <input name="handoverWebhookUrl" type="url" value={assistant?.handoverWebhookUrl ?? ""} />
        </label>
        <label>
          Welcome message{" "}
          <input name="welcomeMessage" value={widget.messages?.welcomeMessage ?? ""} />
        </label>
        <label>
          Disclaimer <input name="disclaimer" value={widget.disclaimer?.text ?? ""} />
        </label>
        <label>
          Theme
          <select name="theme" value={(widget as { theme?: string }).theme ?? "auto"}>
            <option value="auto">Follow the visitor's system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="featureFeedback" checked={features.feedback !== false} />{" "}
          Feedback buttons
        </label>
        <label class="check">
          <input type="checkbox" name="featureCopy" checked={features.copy !== false} /> Copy button
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {saved && <p role="status">Saved.</p>}
        <button type="submit">{assistant ? "Save" : "Create assistant"}</button>
      </fieldset>
      {assistant && <WidgetPreview assistantId={assistant.id} widget={preview} />}
    </form>
  );
}

function Embed({ assistantId }: { assistantId: string }) {
  const { data } = useLoad(
    () => api<EmbedSnippet>("GET", `/assistants/${assistantId}/embed`),
    assistantId,
  );
  const [copied, setCopied] = useState(false);
  if (!data) return null;
  return (
    <section class="panel">
      <h2>Embed on your site</h2>
      <pre>
        <code>{data.html}</code>
      </pre>
      <button
        type="button"
        onClick={() => void navigator.clipboard.writeText(data.html).then(() => setCopied(true))}
      >
        Copy snippet
      </button>
      {copied && <span role="status"> Copied.</span>}
    </section>
  );
}

export function AssistantsPage({ selected }: { selected: string | undefined }) {
  const list = useLoad(() => api<Experience[]>("GET", "/assistants"), "list");
  const admin = session.value?.operator.role === "admin";
  const assistant = list.data?.find((item) => item.id === selected);
  return (
    <section>
      <h1>Assistants</h1>
      {list.error && (
        <p class="error" role="alert">
          {list.error}
        </p>
      )}
      <ul class="assistant-list">
        {list.data?.map((item) => (
          <li key={item.id}>
            <a
              href={`#/assistants/${item.id}`}
              aria-current={item.id === selected ? "page" : undefined}
            >
              {item.name}
            </a>{" "}
            <span class="meta">
              {item.id} · {item.engine}
            </span>
          </li>
        ))}
      </ul>
      {admin && !selected && (
        <AssistantForm
          onSaved={(saved) => {
            list.reload();
            navigate("assistants", saved.id);
          }}
        />
      )}
      {assistant && (
        <div class="assistant-detail">
          <AssistantForm key={assistant.id} assistant={assistant} onSaved={() => list.reload()} />
          <Embed assistantId={assistant.id} />
          {admin && (
            <p>
              <a href={`#/knowledge/${assistant.id}`}>Knowledge base of {assistant.name}</a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
