/**
 * The security probe of issue 16, re-runnable: starts the real server on a fresh SQLite file (on
 * a port of 127.0.0.1, rate limits on) and attacks it over HTTP, area by area, printing attempts
 * and failures. A failure is an answer that breaks a guarantee of docs/security.md: a 5xx, an
 * error outside the catalogue, a stack trace, a missing security header, a rate limit that lets
 * a request through once spent, a refused URL handed out by the API (from stored documents, in
 * an external engine's answer, even in part of one, or in an agent's message).
 *
 *   npm run bench:security   (about a minute)
 *
 * The credential matrix, the property-based fuzzing and the fault tests (read-only storage,
 * kill -9) are part of the test suite: see docs/security.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { errorCatalogue, type ErrorCode } from "@nexus-chat/protocol";
import { createApp } from "@nexus-chat/server";
import { findUnsafeLinks } from "../../packages/server/src/ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../../packages/server/src/ingest/link-policy.js";

const adminToken = "probe-admin-token-0123456789";
const directory = mkdtempSync(join(tmpdir(), "nexus-probe-"));
const app = await createApp({
  databaseUrl: `sqlite:${join(directory, "probe.sqlite")}`,
  adminToken,
  logLevel: "silent",
  linkSchemes: ["tour"],
  // Limits on, but only the health group's at its default: the other areas send thousands.
  rateLimits: {
    auth: 1e6,
    query: 1e6,
    sessions: 1e6,
    feedback: 1e6,
    ingestion: 1e6,
    other: 1e6,
    health: 120,
  },
  limits: { headersTimeoutMs: 2000, requestTimeoutMs: 4000, maxConnections: 256 },
  demoPageDirectory: join(directory, "no-demo"),
  widgetBundlePath: join(directory, "no-widget.js"),
});
await app.listen({ host: "127.0.0.1", port: 0 });
// Holds the event loop open while a request waits on a server-side timeout.
const keepAlive = setInterval(() => undefined, 1000);
const port = (app.server.address() as AddressInfo).port;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over a real connection (fetch would normalise the paths the probe needs raw). */
function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        // A new connection each time: no request inherits what an earlier one left behind.
        agent: false,
        headers: { connection: "close", ...headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on("error", reject);
    if (body !== undefined) request.end(body);
    else request.end();
  });
}

const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
const json = { "content-type": "application/json" };

/** The error contract: a catalogued envelope whose status matches, no stack, no internals. */
function contractProblem(answer: Answer): string | undefined {
  if (answer.status >= 500 && answer.status !== 503) return `status ${answer.status}`;
  if (/\bat [\w.<>]+ \(|node_modules|SQLITE_|\.ts:\d+/.test(answer.body)) return "internals leaked";
  if (answer.status < 400) return undefined;
  // The demo page's "not built yet" page is for people: HTML, by design.
  if (answer.status === 503 && String(answer.headers["content-type"]).startsWith("text/html"))
    return undefined;
  try {
    const envelope = JSON.parse(answer.body) as { statusCode?: number; code?: string };
    const definition = errorCatalogue[envelope.code as ErrorCode];
    if (!definition) return `code ${envelope.code} not in the catalogue`;
    if (definition.status !== answer.status || envelope.statusCode !== answer.status)
      return `status ${answer.status} for ${envelope.code}`;
  } catch {
    return "not a JSON envelope";
  }
  return undefined;
}

const results: Array<{ area: string; attempts: number; failures: number; examples: string[] }> = [];
function area(name: string) {
  const entry = { area: name, attempts: 0, failures: 0, examples: [] as string[] };
  results.push(entry);
  return (problem: string | undefined, what: string) => {
    entry.attempts += 1;
    if (problem === undefined) return;
    entry.failures += 1;
    if (entry.examples.length < 5) entry.examples.push(`${what}: ${problem}`);
  };
}

try {
  await send("POST", "/api/v2/admin/experiences", JSON.stringify({ id: "a", name: "A" }), admin);
  await send(
    "POST",
    "/api/v2/admin/experiences",
    JSON.stringify({ id: "locked", name: "Locked", requireAuth: true }),
    admin,
  );

  // 1. Bad input on every route of the route table.
  const badInput = area(
    "bad input (every route × 11 malformed bodies, + 5 bad ids where it takes one)",
  );
  const routes = app.nexus.routes;
  const badBodies: Array<[string, string | Buffer, Record<string, string>]> = [
    ["not JSON", "{", json],
    ["empty JSON", "", json],
    ["deep JSON", `${"[".repeat(5000)}${"]".repeat(5000)}`, json],
    ["wrong types", JSON.stringify({ experienceId: 5, text: ["x"], sessionId: {} }), json],
    ["prototype keys", '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}', json],
    ["huge string", JSON.stringify({ text: "x".repeat(200_000), experienceId: "a" }), json],
    ["binary", Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), json],
    ["wrong media type", "<xml/>", { "content-type": "application/xml" }],
    ["form body", "a=1&b=2", { "content-type": "application/x-www-form-urlencoded" }],
    [
      "broken multipart",
      "--x\r\nContent-Disposition: form-data; name=",
      { "content-type": "multipart/form-data; boundary=x" },
    ],
    ["lying length", "{}", { ...json, "content-length": "100" }],
  ];
  const badPaths = ["%ff", "a".repeat(150), "..%2f..%2fetc%2fpasswd", "%00", "'%20OR%201=1"];
  for (const route of routes) {
    for (const [what, body, headers] of badBodies) {
      const path = route.url.replace(/:(\w+)/g, "a");
      const answer =
        route.method === "GET" || route.method === "DELETE"
          ? await send(route.method, `${path}?experienceId=${encodeURIComponent("<x>")}`)
          : await send(route.method, path, body, headers);
      badInput(contractProblem(answer), `${route.method} ${route.url} ${what}`);
    }
    if (!route.url.includes(":")) continue;
    for (const value of badPaths) {
      const answer = await send(route.method, route.url.replace(/:(\w+)/g, value));
      badInput(contractProblem(answer), `${route.method} ${route.url} path ${value.slice(0, 20)}`);
    }
  }

  // 2. Security headers on every answer.
  const headers = area("security headers (every route, answered or refused)");
  for (const route of routes) {
    const answer = await send(route.method, route.url.replace(/:(\w+)/g, "a"));
    const missing = [
      "content-security-policy",
      "x-content-type-options",
      "referrer-policy",
      "x-frame-options",
    ].filter((name) => answer.headers[name] === undefined);
    headers(
      missing.length > 0 ? `missing ${missing.join(", ")}` : undefined,
      `${route.method} ${route.url}`,
    );
  }

  // 3. Hostile documents in, answers out: the API never hands out a refused URL.
  const hostile = area("hostile documents through ingestion → /query (links, images, actions)");
  const schemes = [
    "javascript:",
    "JAVASCRIPT:",
    "java\tscript:",
    "javascript&#58;",
    "data:",
    "vbscript:",
    "blob:",
    "file:",
    "unknown:",
  ];
  const documents = schemes.flatMap((scheme, index) => [
    {
      content: `# Doc ${index} link\n\nThe probe word quillon${index}: [click](${scheme}alert(1)).`,
      externalId: `l${index}.md`,
    },
    {
      content: `# Doc ${index} image\n\nThe probe word quillon${index}: ![x](${scheme}x).`,
      externalId: `i${index}.md`,
    },
    {
      content: `# Doc ${index} html\n\nThe probe word quillon${index}: <a href="${scheme}x">x</a> <img src="${scheme}x">`,
      externalId: `h${index}.md`,
    },
    {
      content: `<h1>Doc ${index}</h1><p>The probe word quillon${index}: <a href='${scheme}x'>open</a></p>`,
      format: "html",
      externalId: `p${index}.html`,
      url: `${scheme}x`,
    },
    {
      content: `---\nactions:\n  - id: go\n    label: Go\n    action: { type: open_url, url: '${scheme}x' }\n---\n# Doc ${index} action\n\nThe probe word quillon${index}.`,
      externalId: `a${index}.md`,
    },
  ]);
  const job = await send(
    "POST",
    "/api/v2/data-ingestion/jobs",
    JSON.stringify({ experienceId: "a", documents }),
    admin,
  );
  const jobId = (JSON.parse(job.body) as { jobId: string }).jobId;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = JSON.parse(
      (await send("GET", `/api/v2/data-ingestion/jobs/${jobId}`, undefined, admin)).body,
    ) as { status: string };
    if (status.status === "completed" || status.status === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const policy = new LinkPolicy(["tour"]);
  for (let index = 0; index < schemes.length; index += 1) {
    for (const style of ["passages", "answer"] as const) {
      await send(
        "PATCH",
        "/api/v2/admin/experiences/a",
        JSON.stringify({ engineOptions: style === "passages" ? { answerStyle: "passages" } : {} }),
        admin,
      );
      const answer = await send(
        "POST",
        "/api/v2/query",
        JSON.stringify({ experienceId: "a", text: `quillon${index}` }),
        json,
      );
      const parsed = JSON.parse(answer.body) as {
        answer?: string;
        actions?: unknown;
        sources?: unknown;
      };
      const text = `${parsed.answer ?? ""}`;
      const problems = [
        ...findUnsafeLinks(text, policy),
        ...(JSON.stringify([parsed.actions, parsed.sources]).match(
          /javascript|vbscript|data:|blob:|file:|unknown:/gi,
        ) ?? []),
      ];
      hostile(
        problems.length > 0 ? problems.join(" ") : contractProblem(answer),
        `${schemes[index]} (${style})`,
      );
    }
  }

  // 4. Hostile answers of the external engines, cut across chunks, and agents' messages: no
  // refused URL is handed out, not even in a part of a stream.
  const external = area(
    "hostile answers of external engines (cut across chunks) and agents' messages",
  );
  let hostileAnswer = "";
  let hostileUrl = "";
  let chunkSize = 1;
  const fakes = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url === "/v1/chat/completions") {
        response.writeHead(200, { "content-type": "text/event-stream" });
        for (let at = 0; at < hostileAnswer.length; at += chunkSize) {
          const content = hostileAnswer.slice(at, at + chunkSize);
          response.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
        }
        response.end("data: [DONE]\n\n");
      } else if (request.url === "/bot") {
        response.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            answer: hostileAnswer,
            sources: [{ id: "s", title: "S", url: hostileUrl, snippet: "", score: 1 }],
            actions: {
              actions: [{ id: "go", label: "Go", action: { type: "open_url", url: hostileUrl } }],
            },
          }),
        );
      } else response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => fakes.listen(0, "127.0.0.1", resolve));
  const fakeOrigin = `http://127.0.0.1:${(fakes.address() as AddressInfo).port}`;
  await send(
    "POST",
    "/api/v2/admin/experiences",
    JSON.stringify({
      id: "model",
      name: "Model",
      engine: "openai-compatible",
      engineOptions: { baseUrl: `${fakeOrigin}/v1`, model: "m" },
    }),
    admin,
  );
  await send(
    "POST",
    "/api/v2/admin/experiences",
    JSON.stringify({
      id: "bot",
      name: "Bot",
      engine: "webhook",
      engineOptions: { url: `${fakeOrigin}/bot` },
    }),
    admin,
  );
  // An outside desk takes a hand-over of experience a, to send agents' messages.
  await send(
    "PATCH",
    "/api/v2/admin/experiences/a",
    JSON.stringify({ handoverWebhookUrl: `${fakeOrigin}/hook` }),
    admin,
  );
  const visitor = await send(
    "POST",
    "/api/v2/sessions",
    JSON.stringify({ experienceId: "a" }),
    json,
  );
  const visitorSession = (JSON.parse(visitor.body) as { sessionId: string }).sessionId;
  const visitorSecret = String(visitor.headers["x-nexus-session-secret"]);
  await send("POST", `/api/v2/sessions/${visitorSession}/handover`, "{}", {
    ...json,
    "x-nexus-session-secret": visitorSecret,
  });
  const deskToken = await app.nexus.tokens.signAccessToken({
    clientId: "probe-desk",
    scopes: ["agent:write"],
    experienceIds: ["a"],
  });
  const desk = { authorization: `Bearer ${deskToken}`, "content-type": "application/json" };
  const joined = await send(
    "POST",
    `/api/v2/agent/sessions/${visitorSession}/join`,
    JSON.stringify({ agent: { name: "Probe desk" } }),
    desk,
  );
  if (joined.status !== 200) throw new Error(`the desk could not join: ${joined.body}`);
  const refusedInJson = /javascript|vbscript|data:|blob:|file:|unknown:/gi;
  for (const scheme of schemes) {
    const forms = [
      `Read [the guide](${scheme}alert(1)) first.`,
      `A pixel ![x](${scheme}x) here.`,
      `A tag <a href="${scheme}x">x</a> and <img src="${scheme}x"> here.`,
      `An autolink <${scheme}x> here.`,
      `A [reference][evil] here.\n\n[evil]: ${scheme}x`,
    ];
    for (const form of forms) {
      hostileAnswer = form;
      hostileUrl = `${scheme}x`;
      for (const [experienceId, size] of [
        ["model", 1],
        ["model", 4],
        ["bot", 0],
      ] as const) {
        chunkSize = size;
        const answer = await send(
          "POST",
          "/api/v2/query",
          JSON.stringify({ experienceId, text: "hello" }),
          { ...json, accept: "text/event-stream" },
        );
        const problems: string[] = [];
        let received = "";
        let ended = false;
        for (const frame of answer.body.split("\n\n")) {
          const lines = frame.split("\n");
          const type = lines.find((line) => line.startsWith("event: "))?.slice(7);
          const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
          if (!type || !data) continue;
          const event = JSON.parse(data) as { delta?: string; answer?: string };
          if (type === "text-delta") {
            received += event.delta ?? "";
            problems.push(...findUnsafeLinks(received, policy));
          } else if (type === "query-end") {
            ended = true;
            problems.push(...findUnsafeLinks(event.answer ?? "", policy));
          } else if (type === "sources" || type === "actions") {
            problems.push(...(data.match(refusedInJson) ?? []));
          }
        }
        if (!ended) problems.push(`no query-end: ${answer.status} ${answer.body.slice(0, 160)}`);
        external(
          problems.length > 0 ? problems.join(" ") : contractProblem(answer),
          `${experienceId}${size ? ` in chunks of ${size}` : ""}: ${JSON.stringify(form)}`,
        );
      }
      const message = await send(
        "POST",
        `/api/v2/agent/sessions/${visitorSession}/messages`,
        JSON.stringify({ text: form }),
        desk,
      );
      const text =
        message.status === 201 ? (JSON.parse(message.body) as { text: string }).text : "";
      const problems = findUnsafeLinks(text, policy);
      external(
        problems.length > 0
          ? problems.join(" ")
          : message.status === 201
            ? undefined
            : (contractProblem(message) ?? `status ${message.status}`),
        `agent message: ${JSON.stringify(form)}`,
      );
    }
  }
  fakes.closeAllConnections();
  await new Promise((resolve) => fakes.close(resolve));

  // 5. Rate limits: once a group's budget is spent, no variant of the request gets through.
  const limits = area("rate-limit bypass (19 variants after the health budget is spent)");
  for (let index = 0; index < 120; index += 1) await send("GET", "/api/v2/health");
  const variants: Array<[string, string, Record<string, string>]> = [
    ["same", "/api/v2/health", {}],
    ["trailing slash", "/api/v2/health/", {}],
    ["/v2 prefix", "/v2/health", {}],
    ["query string", "/api/v2/health?x=1", {}],
    ["upper case", "/API/V2/HEALTH", {}],
    ["double slash", "/api/v2//health", {}],
    ["encoded", "/api/v2/%68ealth", {}],
    ["X-Forwarded-For", "/api/v2/health", { "x-forwarded-for": "203.0.113.9" }],
    ["X-Real-IP", "/api/v2/health", { "x-real-ip": "203.0.113.9" }],
    ["Forwarded", "/api/v2/health", { forwarded: "for=203.0.113.9" }],
    ["admin token", "/api/v2/health", { authorization: `Bearer ${adminToken}` }],
    ["bad token", "/api/v2/health", { authorization: "Bearer nope" }],
    ["origin", "/api/v2/health", { origin: "https://elsewhere.example" }],
    ["user agent", "/api/v2/health", { "user-agent": "probe/2" }],
    ["HTTP/1.0 close", "/api/v2/health", { connection: "close" }],
    ["fragment", "/api/v2/health#x", {}],
    ["dot segment", "/api/v2/./health", {}],
    ["unknown path", "/api/v2/nowhere", {}],
    [
      "OPTIONS preflight",
      "/api/v2/health",
      { "access-control-request-method": "GET", origin: "https://x.example" },
    ],
  ];
  for (const [what, path, extra] of variants) {
    const method = what === "OPTIONS preflight" ? "OPTIONS" : "GET";
    const answer = await send(method, path, undefined, extra);
    const through = answer.status < 400 && method === "GET" && what !== "unknown path";
    // Unknown paths count in the "other" group (not spent here): they must still be 404s.
    limits(through ? `answered ${answer.status}` : undefined, what);
  }

  // 6. Slow connections: a client that never finishes its headers is cut off, and /health
  // keeps answering while 200 of them hang.
  const slow = area("slow connections (200 that never finish their headers)");
  let closed = 0;
  const sockets = Array.from({ length: 200 }, () => {
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.on("close", () => (closed += 1));
    socket.resume();
    socket.write("GET /api/v2/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    return socket;
  });
  const started = performance.now();
  const health = await send("GET", "/api/v2/experiences/a/config");
  const latency = performance.now() - started;
  slow(
    health.status === 200 && latency < 1000
      ? undefined
      : `${health.status} after ${latency.toFixed(0)} ms`,
    "answer while hanging",
  );
  await new Promise((resolve) => setTimeout(resolve, 4500));
  const stillOpen = sockets.length - closed;
  slow(
    stillOpen === 0 ? undefined : `${stillOpen} still open after the header timeout`,
    "timed out",
  );
  for (const socket of sockets) socket.destroy();
} catch (error) {
  console.error("the probe stopped:", error);
  process.exitCode = 2;
} finally {
  printReport();
  // A connection the probe left half-open may keep close() waiting: a bounded wait, then exit.
  await Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  clearInterval(keepAlive);
  rmSync(directory, { recursive: true, force: true });
}

function printReport(): void {
  console.log(`\nSecurity probe (1-minute load average ${loadavg()[0]!.toFixed(1)}):\n`);
  console.log("| area | attempts | failures |\n| --- | --: | --: |");
  for (const result of results)
    console.log(`| ${result.area} | ${result.attempts} | ${result.failures} |`);
  for (const result of results)
    for (const example of result.examples) console.log(`  ✗ ${result.area}: ${example}`);
  if (process.exitCode === undefined)
    process.exitCode = results.some((result) => result.failures > 0) ? 1 : 0;
}
