// Compile-time tests of the events contract: `npm run typecheck` fails if an unknown event name
// or a wrong payload field is accepted, or if a documented field goes missing.
import { expectTypeOf } from "vitest";
import type { WidgetInstance } from "../config/widget-instance.js";
import type { WidgetEventName, WidgetEvents } from "./widget-events.js";
import { widgetEventNames } from "./event-groups.js";

declare const widget: WidgetInstance;

// @ts-expect-error an event the documentation does not define
widget.on("messageFinished", () => {});

// @ts-expect-error an event name is case-sensitive
widget.on("MessageComplete", () => {});

widget.on("messageComplete", (data) => {
  // @ts-expect-error messageComplete has `answer`, not `text`
  console.log(data.text);
  expectTypeOf(data.answer).toEqualTypeOf<string>();
  expectTypeOf(data.duration).toEqualTypeOf<number>();
});

widget.on("feedback", (data) => {
  // @ts-expect-error a rating is "positive" or "negative", never a number
  const stars: number = data.rating;
  expectTypeOf(data.rating).toEqualTypeOf<"positive" | "negative">();
  expectTypeOf(data.comment).toEqualTypeOf<string | undefined>();
  return stars;
});

// @ts-expect-error a handler of one event cannot take another event's payload
widget.on("open", (data: WidgetEvents["linkClick"]) => data.href);

widget.on("error", (error) => {
  expectTypeOf(error.type).toEqualTypeOf<
    "interceptor" | "timeout" | "backend" | "feedback" | "network" | "voice" | "unknown"
  >();
});

// Every payload has a timestamp and a session id (null before a session exists).
expectTypeOf<WidgetEvents[WidgetEventName]["timestamp"]>().toEqualTypeOf<string>();
expectTypeOf<WidgetEvents["open"]["sessionId"]>().toEqualTypeOf<string | null>();
expectTypeOf<WidgetEvents["sessionStart"]["sessionId"]>().toEqualTypeOf<string>();

// The documented payload fields, event by event.
type Has<
  Name extends WidgetEventName,
  Field extends string,
> = Field extends keyof WidgetEvents[Name] ? true : false;
type Documented = [
  Has<"open", "sessionId" | "timestamp">,
  Has<"close", "sessionId" | "timestamp">,
  Has<"minimize", "previousMode" | "sessionId">,
  Has<"maximize", "previousMode" | "sessionId">,
  Has<"sessionStart", "sessionId" | "metadata">,
  Has<"sessionEnd", "sessionId" | "duration" | "messageCount">,
  Has<"sessionClear", "sessionId" | "messageCount" | "timestamp">,
  Has<"messageStart", "message" | "timestamp">,
  Has<"messageComplete", "answer" | "queryId" | "duration">,
  Has<"messageChunk", "chunk" | "queryId">,
  Has<"typing", "text" | "length">,
  Has<"typingStop", "finalText">,
  Has<"feedback", "rating" | "messageId" | "comment">,
  Has<"copy", "content" | "messageId">,
  Has<"customAction", "eventName" | "eventData" | "actionId" | "timestamp">,
  Has<"handover", "sessionId" | "reason" | "priority" | "metadata" | "timestamp">,
  Has<"disclaimerAccept", "experienceId" | "timestamp">,
  Has<"linkClick", "href" | "text" | "protocol" | "params" | "sessionId">,
  Has<"voiceStart", "language" | "sessionId">,
  Has<"voiceEnd", "transcript" | "duration">,
  Has<"ttsStart", "text" | "messageId">,
  Has<"ttsEnd", "duration" | "messageId">,
  Has<"error", "type" | "message" | "stack" | "details">,
  Has<"connectionChange", "state">,
  Has<"messageResume", "queryId" | "resumedFrom">,
  Has<"agentJoin", "sessionId" | "agent" | "timestamp">,
  Has<"agentMessage", "sessionId" | "messageId" | "text" | "agent" | "timestamp">,
  Has<"agentLeave", "sessionId" | "reason" | "timestamp">,
];
expectTypeOf<Documented[number]>().toEqualTypeOf<true>();

// The 23 events of the reference documentation plus the 5 of live conversations (connection,
// resume, and the agent's join, message and leave), and the runtime list has every one of them.
type UnionToTuple<U, Last = LastOf<U>> = [U] extends [never]
  ? []
  : [...UnionToTuple<Exclude<U, Last>>, Last];
type LastOf<U> = (U extends unknown ? (x: () => U) => void : never) extends (x: infer L) => void
  ? L extends () => infer R
    ? R
    : never
  : never;
expectTypeOf<UnionToTuple<WidgetEventName>["length"]>().toEqualTypeOf<28>();
expectTypeOf(widgetEventNames).toEqualTypeOf<WidgetEventName[]>();
