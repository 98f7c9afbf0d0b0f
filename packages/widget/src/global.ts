// Entry of the script-tag build: defines window.NexusChatWidget and replays calls queued by the
// loader snippet before this script arrived.
import type { NexusChatWidgetGlobal } from "@nexus-chat/protocol";
import { init } from "./widget.js";
import { version } from "./version.js";
import { replayQueuedCalls, type QueueStub } from "./queue/replay-queued-calls.js";

const host = window as unknown as { NexusChatWidget?: NexusChatWidgetGlobal | QueueStub };
const stub = host.NexusChatWidget;
const api: NexusChatWidgetGlobal = { init, version };
host.NexusChatWidget = api;
replayQueuedCalls(stub, init);
