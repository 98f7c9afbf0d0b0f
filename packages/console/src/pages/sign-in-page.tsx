import type { ConsoleSession } from "@nexus-chat/protocol";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api, session } from "../api.js";

export function SignInPage({ themeButton }: { themeButton: ComponentChildren }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      session.value = await api<ConsoleSession>("POST", "/sign-in", {
        email: String(form.get("email")),
        password: String(form.get("password")),
      });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>Sign in to the Nexus Chat console</h1>
      <form onSubmit={submit}>
        <label>
          E-mail
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="hint">
        No account yet? Create the first one on the server with{" "}
        <code>npm run nexus-chat -- operators add --email … --name … --role admin</code>.
      </p>
      {themeButton}
    </main>
  );
}
