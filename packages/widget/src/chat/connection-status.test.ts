import { signal } from "@preact/signals-core";
import { describe, expect, it } from "vitest";
import type { ChannelState } from "../transport/session-channel.js";
import { createConnectionStatus } from "./connection-status.js";

function setUp() {
  const store = { connection: signal<ChannelState>("online") };
  const emitted: unknown[] = [];
  const status = createConnectionStatus(store, (name, fields) => emitted.push({ name, ...fields }));
  return { store, emitted, status };
}

describe("connection status", () => {
  it("fires connectionChange on each change only, starting from online", () => {
    const { emitted, status } = setUp();
    status.report("online");
    status.report("reconnecting");
    status.report("reconnecting");
    status.report("offline");
    status.report("online");
    expect(emitted).toEqual([
      { name: "connectionChange", state: "reconnecting" },
      { name: "connectionChange", state: "offline" },
      { name: "connectionChange", state: "online" },
    ]);
  });

  it("shows the state while the channel is open and hides the notice when it closes", () => {
    const { store, emitted, status } = setUp();
    status.report("offline");
    expect(store.connection.value).toBe("offline");
    status.closed();
    expect(store.connection.value).toBe("online");
    // The state last reported stands: the next report of offline is no change.
    status.report("offline");
    expect(emitted).toHaveLength(1);
    status.report("online");
    expect(emitted).toHaveLength(2);
  });
});
