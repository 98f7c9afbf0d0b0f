import type { ConsoleSession, OperatorRole } from "@nexus-chat/protocol";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { ConsoleAccess } from "../../src/console/console-access.js";
import { testPasswordCost } from "./test-app.js";

export const operatorPassword = "correct horse battery staple";

/** A signed-in operator's cookie and CSRF token, and an `inject` that sends them. */
export interface SignedInOperator {
  operatorId: string;
  cookie: string;
  csrfToken: string;
  request(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

/** The `name=value` part of a response's Set-Cookie header. */
export function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers["set-cookie"];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`no cookie set: ${response.statusCode} ${response.body}`);
  return first.split(";")[0] ?? "";
}

/** Creates an operator directly in the store (at the tests' password cost). */
export async function createOperator(
  app: FastifyInstance,
  email: string,
  role: OperatorRole,
): Promise<string> {
  const operator = await new ConsoleAccess(
    app.nexus.store.operators,
    testPasswordCost,
  ).createOperator({
    email,
    displayName: email.split("@")[0] ?? email,
    role,
    password: operatorPassword,
  });
  return operator.operatorId;
}

/** Signs an existing operator in through the API: a new session, as a new browser would get. */
export async function signIn(app: FastifyInstance, email: string): Promise<SignedInOperator> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v2/console/sign-in",
    payload: { email, password: operatorPassword },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in: ${response.body}`);
  const session = response.json<ConsoleSession>();
  const cookie = cookieOf(response);
  return {
    operatorId: session.operator.operatorId,
    cookie,
    csrfToken: session.csrfToken,
    request: (method, url, payload, extraHeaders = {}) => {
      const options: InjectOptions = {
        method,
        url: `/api/v2/console${url}`,
        headers: { cookie, "x-csrf-token": session.csrfToken, ...extraHeaders },
      };
      if (payload !== undefined) options.payload = payload as object;
      return app.inject(options);
    },
  };
}

/** Creates an operator and signs them in. */
export async function signInOperator(
  app: FastifyInstance,
  email: string,
  role: OperatorRole,
): Promise<SignedInOperator> {
  await createOperator(app, email, role);
  return signIn(app, email);
}
