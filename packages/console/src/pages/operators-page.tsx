import type { ApiClientSummary, Operator } from "@nexus-chat/protocol";
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { useLoad } from "../use-load.js";

function formValues(event: SubmitEvent): FormData {
  event.preventDefault();
  return new FormData(event.currentTarget as HTMLFormElement);
}

function Operators() {
  const list = useLoad(() => api<Operator[]>("GET", "/operators"), "operators");
  const [message, setMessage] = useState("");
  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage("");
    try {
      await work();
      setMessage(done);
      list.reload();
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  const add = (event: SubmitEvent) => {
    const form = formValues(event);
    const target = event.currentTarget as HTMLFormElement;
    void act(
      () =>
        api("POST", "/operators", {
          email: String(form.get("email")),
          displayName: String(form.get("displayName")),
          role: String(form.get("role")),
          password: String(form.get("password")),
        }).then(() => target.reset()),
      "Operator added.",
    );
  };
  return (
    <section class="panel">
      <h2>Operators</h2>
      {message && <p role="status">{message}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((operator) => (
            <tr key={operator.operatorId}>
              <td>{operator.displayName}</td>
              <td>{operator.email}</td>
              <td>{operator.role}</td>
              <td>{operator.disabled ? "Disabled" : "Enabled"}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () =>
                        api("PATCH", `/operators/${operator.operatorId}`, {
                          disabled: !operator.disabled,
                        }),
                      operator.disabled ? "Enabled." : "Disabled; their sessions have ended.",
                    )
                  }
                >
                  {operator.disabled ? "Enable" : "Disable"} {operator.displayName}
                </button>{" "}
                <button
                  type="button"
                  onClick={() => {
                    const password = prompt(
                      `New password for ${operator.email} (at least 10 characters)`,
                    );
                    if (password)
                      void act(
                        () => api("PATCH", `/operators/${operator.operatorId}`, { password }),
                        "Password reset.",
                      );
                  }}
                >
                  Reset password of {operator.displayName}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="filters" onSubmit={add}>
        <label>
          E-mail <input name="email" type="email" required />
        </label>
        <label>
          Name <input name="displayName" required />
        </label>
        <label>
          Role
          <select name="role">
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label>
          Password{" "}
          <input
            name="password"
            type="password"
            minLength={10}
            required
            autocomplete="new-password"
          />
        </label>
        <button type="submit">Add operator</button>
      </form>
    </section>
  );
}

function ApiClients() {
  const list = useLoad(() => api<ApiClientSummary[]>("GET", "/api-clients"), "clients");
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string } | undefined>();
  const [error, setError] = useState("");
  const create = async (event: SubmitEvent) => {
    const form = formValues(event);
    setError("");
    try {
      setSecret(
        await api<{ clientId: string; clientSecret: string }>("POST", "/api-clients", {
          name: String(form.get("name")),
          scopes: form.getAll("scopes").map(String),
        }),
      );
      list.reload();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <section class="panel">
      <h2>API clients</h2>
      {secret && (
        <div class="secret" role="status">
          <p>
            Client <code>{secret.clientId}</code> created. Its secret is shown this once; copy it
            now:
          </p>
          <pre>
            <code>{secret.clientSecret}</code>
          </pre>
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      <ul>
        {list.data?.map((client) => (
          <li key={client.clientId}>
            {client.name} <span class="meta">({client.scopes.join(", ")})</span>{" "}
            {client.revokedAt ? (
              <span class="meta">revoked</span>
            ) : (
              <button
                type="button"
                onClick={() =>
                  void api("DELETE", `/api-clients/${client.clientId}`).then(() => list.reload())
                }
              >
                Revoke {client.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form class="filters" onSubmit={create}>
        <label>
          Client name <input name="name" required />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {[
            "query:execute",
            "sessions:read",
            "data-ingestion:read",
            "data-ingestion:write",
            "*",
          ].map((scope) => (
            <label key={scope} class="check">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={scope === "query:execute"}
              />{" "}
              {scope}
            </label>
          ))}
        </fieldset>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Create API client</button>
      </form>
    </section>
  );
}

export function OperatorsPage() {
  return (
    <section>
      <h1>Operators &amp; API clients</h1>
      <Operators />
      <ApiClients />
    </section>
  );
}
