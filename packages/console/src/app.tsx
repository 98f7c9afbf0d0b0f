import type { ConsoleSession } from "@nexus-chat/protocol";
import { useEffect } from "preact/hooks";
import { api, session } from "./api.js";
import { AnalyticsPage } from "./pages/analytics-page.js";
import { AssistantsPage } from "./pages/assistants-page.js";
import { ConversationsPage } from "./pages/conversations-page.js";
import { InboxPage } from "./pages/inbox-page.js";
import { KnowledgePage } from "./pages/knowledge-page.js";
import { OperatorsPage } from "./pages/operators-page.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { TranscriptPage } from "./pages/transcript-page.js";
import { route } from "./route.js";
import { theme, toggleTheme } from "./theme.js";

const pages = [
  { path: "inbox", label: "Inbox", admin: false },
  { path: "conversations", label: "Conversations", admin: false },
  { path: "analytics", label: "Analytics", admin: false },
  { path: "assistants", label: "Assistants", admin: false },
  { path: "knowledge", label: "Knowledge base", admin: true },
  { path: "operators", label: "Operators & API clients", admin: true },
] as const;

function Page() {
  const [name, id] = route.value;
  if (name === "conversations" && id) return <TranscriptPage sessionId={id} />;
  if (name === "inbox") return <InboxPage sessionId={id} />;
  if (name === "analytics") return <AnalyticsPage />;
  if (name === "assistants") return <AssistantsPage selected={id} />;
  if (name === "knowledge") return <KnowledgePage assistantId={id} />;
  if (name === "operators") return <OperatorsPage />;
  return <ConversationsPage />;
}

/** The console: the sign-in page, or the navigation and the current page. */
export function App() {
  useEffect(() => {
    api<ConsoleSession>("GET", "/session").then(
      (current) => (session.value = current),
      () => (session.value = null),
    );
  }, []);
  const current = session.value;
  const themeButton = (
    <button type="button" class="theme" onClick={toggleTheme}>
      {theme.value === "dark" ? "Light theme" : "Dark theme"}
    </button>
  );
  if (current === undefined) return <main class="loading" aria-busy="true" />;
  if (current === null) return <SignInPage themeButton={themeButton} />;
  const isAdmin = current.operator.role === "admin";
  const [name] = route.value;
  const signOut = async () => {
    await api("POST", "/sign-out").catch(() => undefined);
    session.value = null;
  };
  return (
    <div class="layout">
      <header class="top">
        <span class="brand">Nexus Chat console</span>
        <nav aria-label="Console">
          <ul>
            {pages
              .filter((page) => isAdmin || !page.admin)
              .map((page) => (
                <li key={page.path}>
                  <a href={`#/${page.path}`} aria-current={name === page.path ? "page" : undefined}>
                    {page.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <span class="who">
          {current.operator.displayName} ({current.operator.role})
        </span>
        {themeButton}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="content">
        <Page />
      </main>
    </div>
  );
}
