import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "../../test/support/tcp-proxy.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import type { Coordination } from "./coordination.js";
import { memoryCoordination } from "./memory-coordination.js";
import { redisCoordination } from "./redis-coordination.js";

const redisUrl = process.env.NEXUS_TEST_REDIS_URL;
const quietLog = { warn: () => undefined, info: () => undefined };

/** A visitor address of its own, so that runs sharing one Redis never share a counter. */
const visitor = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe("publish/subscribe without Redis", () => {
  it("delivers to this process's subscribers until they unsubscribe", async () => {
    const coordination = memoryCoordination();
    const received: string[] = [];
    const unsubscribe = coordination.messages.subscribe("session:1", (message) =>
      received.push(message),
    );
    await coordination.messages.publish("session:1", "hello");
    await coordination.messages.publish("session:2", "not for us");
    unsubscribe();
    await coordination.messages.publish("session:1", "after");
    expect(received).toEqual(["hello"]);
    expect(coordination.state).toBe("disabled");
  });
});

describe.skipIf(!redisUrl)("Redis shared by several server processes", () => {
  const apps: TestApp[] = [];
  const coordinations: Coordination[] = [];
  const proxies: TcpProxy[] = [];

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(coordinations.splice(0).map((coordination) => coordination.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  const start = async (url = redisUrl!) => {
    const app = await startTestApp({
      redisUrl: url,
      rateLimits: { health: 3 },
      trustProxy: true,
    });
    apps.push(app);
    await expect
      .poll(async () => (await health(app, visitor())).json().redis, { timeout: 10_000 })
      .toBe("ok");
    return app;
  };
  const health = (app: TestApp, address: string) =>
    app.app.inject({
      method: "GET",
      url: "/api/v2/health",
      headers: { "x-forwarded-for": address },
    });

  it("holds a visitor's limit across two processes, not twice the limit", async () => {
    const [first, second] = [await start(), await start()];
    const address = visitor();
    const statuses = [];
    for (const app of [first, second, first, second]) {
      statuses.push((await health(app, address)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await health(first, address);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("reaches the other process's subscribers", async () => {
    const [publisher, subscriber] = [
      redisCoordination(redisUrl!, quietLog),
      redisCoordination(redisUrl!, quietLog),
    ];
    coordinations.push(publisher, subscriber);
    const received: string[] = [];
    const channel = `session:${visitor()}`;
    subscriber.messages.subscribe(channel, (message) => received.push(message));
    await expect.poll(() => publisher.state === "ok" && subscriber.state === "ok").toBe(true);
    // The subscription reaches Redis asynchronously: publish until it is heard.
    await expect
      .poll(async () => {
        await publisher.messages.publish(channel, "agent joined");
        return received.length;
      })
      .toBeGreaterThan(0);
    expect(received[0]).toBe("agent joined");
  });

  it("keeps answering while Redis is away, says degraded, and recovers by itself", async () => {
    const url = new URL(redisUrl!);
    const proxy = await startTcpProxy(url.hostname, Number(url.port));
    proxies.push(proxy);
    const app = await start(`redis://127.0.0.1:${proxy.port}`);
    await proxy.cut();
    await expect
      .poll(async () => (await health(app, visitor())).json(), { timeout: 10_000 })
      .toMatchObject({ status: "degraded", redis: "degraded", database: "ok" });
    const answered = await health(app, visitor());
    expect(answered.statusCode).toBe(200);
    // The limit still holds, counted in this process meanwhile.
    const address = visitor();
    const statuses = [];
    for (let request = 0; request < 4; request += 1) {
      statuses.push((await health(app, address)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    await proxy.restore();
    await expect
      .poll(async () => (await health(app, visitor())).json(), { timeout: 15_000 })
      .toMatchObject({ status: "ok", redis: "ok" });
  });
});
