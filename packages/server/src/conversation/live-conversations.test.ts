import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  sessionSecretHeader,
  type ConversationStatus,
  type InboxResponse,
  type LiveConversation,
  type SessionStatusResponse,
  type TransferTarget,
} from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  openSessionChannel,
  openStream,
  type OpenStream,
} from "../../test/support/channel-reader.js";
import {
  signIn,
  signInOperator,
  type SignedInOperator,
} from "../../test/support/console-sessions.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

interface VisitorSession {
  sessionId: string;
  secret: string;
}

let test: TestApp;
let base: string;
const streams: OpenStream[] = [];

beforeEach(async () => {
  test = await startTestApp({ heartbeatIntervalMs: 200, queueSweepIntervalMs: 60_000 });
  await test.createExperience({ id: "shop", name: "Shop" });
  await test.createExperience({ id: "bank", name: "Bank" });
  await test.app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}/api/v2`;
});

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await test.close();
});

async function newVisitor(experienceId = "shop"): Promise<VisitorSession> {
  const response = await test.app.inject({
    method: "POST",
    url: "/api/v2/sessions",
    payload: { experienceId, metadata: { pageUrl: "https://shop.example/pricing" } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return {
    sessionId: response.json<{ sessionId: string }>().sessionId,
    secret: String(response.headers[sessionSecretHeader]),
  };
}

function asVisitor(
  session: VisitorSession,
  method: "GET" | "POST",
  path: string,
  payload?: object,
) {
  return test.app.inject({
    method,
    url: `/api/v2/sessions/${session.sessionId}${path}`,
    headers: { [sessionSecretHeader]: session.secret },
    ...(payload === undefined ? {} : { payload }),
  });
}

async function channel(session: VisitorSession, lastEventId?: string): Promise<OpenStream> {
  const stream = await openSessionChannel(base, session, lastEventId);
  streams.push(stream);
  return stream;
}

/** An operator signed in with the Inbox open (online), limited to `experienceIds` if given. */
async function onlineAgent(
  email: string,
  experienceIds: string[] | null = null,
): Promise<SignedInOperator> {
  const agent = await signInOperator(test.app, email, "agent");
  if (experienceIds !== null) {
    const admin = await adminOperator();
    const changed = await admin.request("PATCH", `/operators/${agent.operatorId}`, {
      experienceIds,
    });
    expect(changed.statusCode, changed.body).toBe(200);
  }
  const presence = await agent.request("POST", "/inbox/presence");
  expect(presence.statusCode).toBe(204);
  return agent;
}

let adminSignedIn: SignedInOperator | undefined;
async function adminOperator(): Promise<SignedInOperator> {
  if (
    adminSignedIn &&
    adminSignedIn.cookie &&
    (await adminSignedIn.request("GET", "/session")).statusCode === 200
  )
    return adminSignedIn;
  try {
    adminSignedIn = await signInOperator(test.app, "admin@example.com", "admin");
  } catch {
    adminSignedIn = await signIn(test.app, "admin@example.com");
  }
  return adminSignedIn;
}

beforeEach(() => {
  adminSignedIn = undefined;
});

async function handover(session: VisitorSession): Promise<ConversationStatus> {
  const response = await asVisitor(session, "POST", "/handover", { reason: "billing question" });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ conversation: ConversationStatus }>().conversation;
}

describe("live conversations", { timeout: 60_000 }, () => {
  it("tells the visitor plainly when nobody is online, and keeps a message left for the team", async () => {
    const visitor = await newVisitor();
    const events = await channel(visitor);
    const conversation = await handover(visitor);
    expect(conversation).toEqual({
      state: "bot",
      queuePosition: null,
      agent: null,
      agentsAvailable: false,
    });
    const frame = await events.waitFor((frame) => frame.type === "conversation-state");
    expect(frame.data).toMatchObject({ state: "bot", reason: "no-agent-online" });
    expect(frame.id).not.toBe("");

    const left = await asVisitor(visitor, "POST", "/messages", { text: "Please call me back." });
    expect(left.statusCode, left.body).toBe(201);
    expect(left.json()).toMatchObject({ deliveredTo: "left" });
    // The assistant still answers.
    const query = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { [sessionSecretHeader]: visitor.secret },
      payload: { experienceId: "shop", sessionId: visitor.sessionId, text: "hello" },
    });
    expect(query.statusCode, query.body).toBe(200);

    const agent = await signInOperator(test.app, "ann@example.com", "agent");
    const inbox = (await agent.request("GET", "/inbox")).json<InboxResponse>();
    expect(inbox.queued).toEqual([]);
    expect(inbox.left).toHaveLength(1);
    expect(inbox.left[0]).toMatchObject({
      sessionId: visitor.sessionId,
      state: "bot",
      page: "https://shop.example/pricing",
      lastMessage: { author: "visitor", text: "Please call me back." },
    });
  });

  it("queues, lets one agent claim, carries typing and messages both ways, and hands back to the assistant", async () => {
    const ann = await onlineAgent("ann@example.com");
    const visitor = await newVisitor();
    const events = await channel(visitor);
    const inboxFeed = await openStream(`${base}/console/inbox/events`, { cookie: ann.cookie });
    streams.push(inboxFeed);

    expect(await handover(visitor)).toEqual({
      state: "queued",
      queuePosition: 1,
      agent: null,
      agentsAvailable: true,
    });
    await events.waitFor(
      (frame) => frame.type === "conversation-state" && frame.data.state === "queued",
    );
    await inboxFeed.waitFor(
      (frame) => frame.type === "inbox-change" && frame.data.state === "queued",
    );
    const status = (await asVisitor(visitor, "GET", "/status")).json<SessionStatusResponse>();
    expect(status.conversation).toMatchObject({ state: "queued", queuePosition: 1 });

    // An out-of-date client asking the assistant meanwhile is told where to send.
    const query = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { [sessionSecretHeader]: visitor.secret },
      payload: { experienceId: "shop", sessionId: visitor.sessionId, text: "hello?" },
    });
    expect(query.statusCode).toBe(409);
    expect(query.json()).toMatchObject({ code: "CONVERSATION_WITH_AGENT" });

    const inbox = (await ann.request("GET", "/inbox")).json<InboxResponse>();
    expect(inbox.queued).toMatchObject([
      { sessionId: visitor.sessionId, queuePosition: 1, handoverReason: "billing question" },
    ]);

    const claim = await ann.request("POST", `/conversations/${visitor.sessionId}/claim`);
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json()).toMatchObject({ state: "agent", agent: { name: "ann" } });
    await events.waitFor(
      (frame) =>
        frame.type === "agent-join" && (frame.data.agent as { name: string }).name === "ann",
    );

    expect(
      (await ann.request("POST", `/conversations/${visitor.sessionId}/typing`, { typing: true }))
        .statusCode,
    ).toBe(204);
    const typing = await events.waitFor(
      (frame) => frame.type === "agent-typing" && frame.data.typing === true,
    );
    expect(typing.id).toBe("");

    const sent = await ann.request("POST", `/conversations/${visitor.sessionId}/messages`, {
      text: "Hi, **Ann** here. How can I help?",
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const agentMessage = await events.waitFor((frame) => frame.type === "agent-message");
    expect(agentMessage.data).toMatchObject({
      type: "agent-message",
      text: "Hi, **Ann** here. How can I help?",
      agent: { name: "ann" },
    });

    const reply = await asVisitor(visitor, "POST", "/messages", { text: "My invoice is wrong." });
    expect(reply.json()).toMatchObject({ deliveredTo: "agent" });
    await events.waitFor((frame) => frame.type === "visitor-message");
    await inboxFeed.waitFor(
      (frame) =>
        frame.type === "conversation-message" &&
        (frame.data.message as { text: string }).text === "My invoice is wrong.",
    );

    const live = (
      await ann.request("GET", `/conversations/${visitor.sessionId}/live`)
    ).json<LiveConversation>();
    expect(live.page).toBe("https://shop.example/pricing");
    expect(live.conversation).toMatchObject({ state: "agent", operatorId: ann.operatorId });
    expect(
      live.messages.filter((message) => message.author !== "system").map((message) => message.text),
    ).toEqual(["Hi, **Ann** here. How can I help?", "My invoice is wrong."]);

    const ended = await ann.request("POST", `/conversations/${visitor.sessionId}/end`, {
      to: "bot",
    });
    expect(ended.json()).toMatchObject({ state: "bot", agent: null });
    await events.waitFor(
      (frame) => frame.type === "agent-leave" && frame.data.reason === "returned-to-bot",
    );
    await events.waitFor(
      (frame) => frame.type === "conversation-state" && frame.data.state === "bot",
    );
    const again = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { [sessionSecretHeader]: visitor.secret },
      payload: { experienceId: "shop", sessionId: visitor.sessionId, text: "thanks" },
    });
    expect(again.statusCode, again.body).toBe(200);
  });

  it("lets only agents of the experience claim, only the holder act, and exactly one of many claim at once", async () => {
    const bankOnly = await onlineAgent("bea@example.com", ["bank"]);
    const agents = await Promise.all(
      ["a1", "a2", "a3", "a4", "a5"].map((name) => onlineAgent(`${name}@example.com`, ["shop"])),
    );
    const visitor = await newVisitor();
    await handover(visitor);

    const unknown = await (
      await adminOperator()
    ).request("PATCH", `/operators/${bankOnly.operatorId}`, {
      experienceIds: ["no-such-assistant"],
    });
    expect(unknown.statusCode).toBe(404);
    const foreign = await bankOnly.request("POST", `/conversations/${visitor.sessionId}/claim`);
    expect(foreign.statusCode).toBe(403);
    expect((await bankOnly.request("GET", "/inbox")).json<InboxResponse>().queued).toEqual([]);
    expect(
      (await bankOnly.request("GET", `/conversations/${visitor.sessionId}/live`)).statusCode,
    ).toBe(403);

    const claims = await Promise.all(
      agents.map((agent) => agent.request("POST", `/conversations/${visitor.sessionId}/claim`)),
    );
    expect(claims.map((claim) => claim.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = agents[claims.findIndex((claim) => claim.statusCode === 200)]!;
    const loser = agents.find((agent) => agent !== winner)!;
    expect(claims.find((claim) => claim.statusCode === 409)!.json()).toMatchObject({
      code: "CONVERSATION_STATE_CONFLICT",
    });

    const notHolder = await loser.request("POST", `/conversations/${visitor.sessionId}/messages`, {
      text: "I am not the holder",
    });
    expect(notHolder.statusCode).toBe(403);
    expect(notHolder.json()).toMatchObject({ code: "NOT_CONVERSATION_HOLDER" });
    for (const path of ["typing", "end", "transfer"]) {
      const payload =
        path === "typing"
          ? { typing: true }
          : path === "end"
            ? { to: "bot" }
            : { operatorId: loser.operatorId };
      expect(
        (await loser.request("POST", `/conversations/${visitor.sessionId}/${path}`, payload))
          .statusCode,
      ).toBe(403);
    }

    // A visitor cannot post as an agent: the console refuses the session secret, the desk API
    // refuses a visitor's token, and the visitor's own route takes no agent.
    const asConsole = await test.app.inject({
      method: "POST",
      url: `/api/v2/console/conversations/${visitor.sessionId}/messages`,
      headers: { [sessionSecretHeader]: visitor.secret },
      payload: { text: "I am the agent now" },
    });
    expect(asConsole.statusCode).toBe(401);
    const visitorToken = await test.app.nexus.tokens.signAccessToken({
      clientId: "widget",
      scopes: ["query:execute"],
      experienceIds: ["shop"],
    });
    const asDesk = await test.app.inject({
      method: "POST",
      url: `/api/v2/agent/sessions/${visitor.sessionId}/messages`,
      headers: { authorization: `Bearer ${visitorToken}`, [sessionSecretHeader]: visitor.secret },
      payload: { text: "I am the agent now", agent: { name: "Fake" } },
    });
    expect(asDesk.statusCode).toBe(403);
    const withAgent = await asVisitor(visitor, "POST", "/messages", {
      text: "I am the agent now",
      agent: { name: "Fake" },
    });
    expect(withAgent.statusCode).toBe(400);

    // The agents it may go to: those of this experience, not the holder, not another's.
    const targets = await winner.request(
      "GET",
      `/conversations/${visitor.sessionId}/transfer-targets`,
    );
    expect(targets.statusCode).toBe(200);
    const targetIds = targets.json<TransferTarget[]>().map((target) => target.operatorId);
    expect(targetIds).toContain(loser.operatorId);
    expect(targetIds).not.toContain(bankOnly.operatorId);
    expect(targetIds).not.toContain(winner.operatorId);
    expect(
      (await bankOnly.request("GET", `/conversations/${visitor.sessionId}/transfer-targets`))
        .statusCode,
    ).toBe(403);
    // Transfer to an agent of another experience is refused; to one of this experience it works.
    const refused = await winner.request("POST", `/conversations/${visitor.sessionId}/transfer`, {
      operatorId: bankOnly.operatorId,
    });
    expect(refused.statusCode).toBe(400);
    const events = await channel(visitor);
    await events.waitFor(
      (frame) => frame.type === "conversation-state" && frame.data.state === "agent",
    );
    const moved = await winner.request("POST", `/conversations/${visitor.sessionId}/transfer`, {
      operatorId: loser.operatorId,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await events.waitFor(
      (frame) => frame.type === "agent-leave" && frame.data.reason === "transferred",
    );
    await events.waitFor((frame) => frame.type === "agent-join");
    expect((await loser.request("GET", "/inbox")).json<InboxResponse>().mine).toMatchObject([
      { sessionId: visitor.sessionId, operatorId: loser.operatorId },
    ]);
    // Disabling the holder puts the conversation back in the queue for another agent.
    const admin = await adminOperator();
    expect(
      (await admin.request("PATCH", `/operators/${loser.operatorId}`, { disabled: true }))
        .statusCode,
    ).toBe(200);
    await events.waitFor(
      (frame) => frame.type === "agent-leave" && frame.data.reason === "agent-gone",
    );
    await events.waitFor(
      (frame) => frame.type === "conversation-state" && frame.data.state === "queued",
    );
    expect(
      (await winner.request("POST", `/conversations/${visitor.sessionId}/claim`)).statusCode,
    ).toBe(200);
    const closed = await winner.request("POST", `/conversations/${visitor.sessionId}/end`, {
      to: "closed",
    });
    expect(closed.json()).toMatchObject({ state: "closed" });
    const late = await asVisitor(visitor, "POST", "/messages", { text: "hello?" });
    expect(late.statusCode).toBe(409);
  });

  it("resumes the conversation's frames from every Last-Event-ID, and opens with the state during a hand-over", async () => {
    await onlineAgent("ann@example.com");
    const visitor = await newVisitor();
    const first = await channel(visitor);
    await handover(visitor);
    const ann = await signIn(test.app, "ann@example.com");
    await ann.request("POST", `/conversations/${visitor.sessionId}/claim`);
    for (const text of ["one", "two", "three"]) {
      await ann.request("POST", `/conversations/${visitor.sessionId}/messages`, { text });
      await asVisitor(visitor, "POST", "/messages", { text: `re ${text}` });
    }
    await first.waitFor(
      (frame) => frame.type === "visitor-message" && frame.data.text === "re three",
    );
    const kept = first.frames.filter((frame) => frame.id !== "");
    expect(kept.map((frame) => frame.type)).toEqual([
      "conversation-state",
      "conversation-state",
      "agent-join",
      "agent-message",
      "visitor-message",
      "agent-message",
      "visitor-message",
      "agent-message",
      "visitor-message",
    ]);
    const ids = kept.map((frame) => Number(frame.id));
    expect(ids).toEqual([...ids].sort((left, right) => left - right));
    for (let index = 0; index < kept.length; index += 1) {
      const resumed = await channel(visitor, kept[index]!.id);
      const rest = kept.slice(index + 1);
      if (rest.length > 0) await resumed.waitFor((frame) => frame.id === rest.at(-1)!.id);
      else await new Promise((resolve) => setTimeout(resolve, 300));
      expect(resumed.frames.map((frame) => frame.id)).toEqual(rest.map((frame) => frame.id));
      expect(resumed.frames.map((frame) => frame.data)).toEqual(rest.map((frame) => frame.data));
      resumed.close();
    }
    // Without Last-Event-ID during a hand-over: the state first, then live frames.
    const fresh = await channel(visitor);
    const opening = await fresh.waitFor(() => true);
    expect(opening.type).toBe("conversation-state");
    expect(opening.data).toMatchObject({ state: "agent", agent: { name: "ann" } });
  });

  it("sends a visitor nobody claims back to the assistant after the experience's timeout, and lets a queued visitor cancel", async () => {
    await onlineAgent("ann@example.com");
    await test.app.inject({
      method: "PATCH",
      url: "/api/v2/admin/experiences/shop",
      headers: test.adminHeaders,
      payload: { handoverQueueTimeoutSeconds: 30 },
    });
    const waiting = await newVisitor();
    const second = await newVisitor();
    const events = await channel(waiting);
    const secondEvents = await channel(second);
    await handover(waiting);
    expect(await handover(second)).toMatchObject({ state: "queued", queuePosition: 2 });

    const conversations = test.app.nexus.conversations;
    expect(await conversations.sweepQueue(Date.now() + 20_000)).toBe(0);
    expect(await conversations.sweepQueue(Date.now() + 31_000)).toBe(2);
    expect(await conversations.sweepQueue(Date.now() + 31_000)).toBe(0);
    const timedOut = await events.waitFor((frame) => frame.data.reason === "timeout");
    expect(timedOut.data).toMatchObject({ type: "conversation-state", state: "bot" });
    await secondEvents.waitFor((frame) => frame.data.reason === "timeout");

    await handover(second);
    const cancelled = await asVisitor(second, "POST", "/handover/cancel");
    expect(cancelled.json()).toMatchObject({ state: "bot", queuePosition: null });
    await secondEvents.waitFor((frame) => frame.data.reason === "visitor-cancelled");
  });
});

describe("the outside desk", { timeout: 60_000 }, () => {
  let receiver: Server;
  let deliveries: Array<{ headers: IncomingMessage["headers"]; body: string }>;

  beforeEach(async () => {
    deliveries = [];
    receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        deliveries.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as AddressInfo).port;
    await test.app.inject({
      method: "PATCH",
      url: "/api/v2/admin/experiences/shop",
      headers: test.adminHeaders,
      payload: { handoverWebhookUrl: `http://127.0.0.1:${port}/hooks/nexus` },
    });
  });
  afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  /** What a receiver does: recompute the signature over the raw body and compare in constant time. */
  function verify(
    delivery: { headers: IncomingMessage["headers"]; body: string },
    secret: string,
  ): boolean {
    const timestamp = String(delivery.headers["x-nexus-timestamp"]);
    const signature = String(delivery.headers["x-nexus-signature"]);
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${delivery.body}`).digest("hex")}`;
    return (
      signature.length === expected.length &&
      timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    );
  }

  async function until<Value>(read: () => Value | undefined): Promise<Value> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const value = read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("timed out");
  }

  it("joins, types, answers and ends through the API, with signed webhook deliveries", async () => {
    const secret = (
      await test.app.inject({
        method: "GET",
        url: "/api/v2/admin/experiences/shop/handover-webhook-secret",
        headers: test.adminHeaders,
      })
    ).json<{ secret: string }>().secret;
    expect(secret).toMatch(/^whsec_/);

    const visitor = await newVisitor();
    const events = await channel(visitor);
    // An outside desk counts as a person available.
    expect(await handover(visitor)).toMatchObject({ state: "queued", agentsAvailable: true });
    const handoverDelivery = await until(() => deliveries[0]);
    expect(JSON.parse(handoverDelivery.body)).toMatchObject({
      type: "handover",
      sessionId: visitor.sessionId,
    });
    expect(verify(handoverDelivery, secret)).toBe(true);
    expect(
      verify(
        { ...handoverDelivery, body: handoverDelivery.body.replace("handover", "hand0ver") },
        secret,
      ),
    ).toBe(false);

    const deskToken = await test.app.nexus.tokens.signAccessToken({
      clientId: "zendesk",
      scopes: ["agent:write"],
      experienceIds: ["shop"],
    });
    const otherDesk = await test.app.nexus.tokens.signAccessToken({
      clientId: "bank-desk",
      scopes: ["agent:write"],
      experienceIds: ["bank"],
    });
    const desk = (token: string, path: string, payload: object) =>
      test.app.inject({
        method: "POST",
        url: `/api/v2/agent/sessions/${visitor.sessionId}/${path}`,
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const agent = { name: "Dana from Support", avatarUrl: "https://desk.example/dana.png" };

    const refused = await desk(otherDesk, "join", { agent });
    expect(refused.statusCode).toBe(403);
    const badAvatar = await desk(deskToken, "join", {
      agent: { name: "X", avatarUrl: "javascript:alert(1)" },
    });
    expect(badAvatar.statusCode).toBe(400);

    const joined = await desk(deskToken, "join", { agent });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ state: "agent", agent });
    await events.waitFor((frame) => frame.type === "agent-join");
    expect((await desk(deskToken, "typing", { agent, typing: true })).statusCode).toBe(204);
    await events.waitFor((frame) => frame.type === "agent-typing");
    const message = await desk(deskToken, "messages", { text: "Dana here: let me check.", agent });
    expect(message.statusCode, message.body).toBe(201);
    await events.waitFor(
      (frame) => frame.type === "agent-message" && frame.data.text === "Dana here: let me check.",
    );

    const visitorMessage = await asVisitor(visitor, "POST", "/messages", { text: "Thanks!" });
    expect(visitorMessage.json()).toMatchObject({ deliveredTo: "agent" });
    const forwarded = await until(() =>
      deliveries.find((delivery) => delivery.body.includes('"visitor-message"')),
    );
    expect(JSON.parse(forwarded.body)).toMatchObject({
      type: "visitor-message",
      sessionId: visitor.sessionId,
      text: "Thanks!",
      state: "agent",
    });
    expect(verify(forwarded, secret)).toBe(true);

    // Another desk's token, a console agent, or the other experience's desk may not end it.
    expect((await desk(otherDesk, "end", { to: "bot" })).statusCode).toBe(403);
    const ended = await desk(deskToken, "end", { to: "bot" });
    expect(ended.json()).toMatchObject({ state: "bot" });
    await events.waitFor((frame) => frame.type === "agent-leave");

    // Rotating the secret: later deliveries verify only with the new one.
    const rotated = (
      await test.app.inject({
        method: "POST",
        url: "/api/v2/admin/experiences/shop/handover-webhook-secret/rotate",
        headers: test.adminHeaders,
      })
    ).json<{ secret: string }>().secret;
    expect(rotated).not.toBe(secret);
    const count = deliveries.length;
    await handover(visitor);
    const next = await until(() => deliveries[count]);
    expect(verify(next, rotated)).toBe(true);
    expect(verify(next, secret)).toBe(false);
  });
});
