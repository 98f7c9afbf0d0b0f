import { describe, expect, it } from "vitest";
import { parseLink } from "./link-params.js";

describe("parseLink", () => {
  it("parses key=value pairs of a custom protocol", () => {
    expect(parseLink("livechat:department=billing&priority=high")).toEqual({
      protocol: "livechat:",
      params: { department: "billing", priority: "high" },
    });
  });

  it("gives a bare custom-protocol value as { value }", () => {
    expect(parseLink("action:escalate-to-agent")).toEqual({
      protocol: "action:",
      params: { value: "escalate-to-agent" },
    });
  });

  it("URL-decodes keys and values and keeps them strings", () => {
    expect(parseLink("tour:id=123456&title=Getting%20started%20%26%20more")).toEqual({
      protocol: "tour:",
      params: { id: "123456", title: "Getting started & more" },
    });
    expect(parseLink("product:ABC%2F123").params).toEqual({ value: "ABC/123" });
  });

  it("lower-cases the protocol and tolerates malformed escapes", () => {
    expect(parseLink("WalkMe:flowId=12345")).toEqual({
      protocol: "walkme:",
      params: { flowId: "12345" },
    });
    expect(parseLink("tour:%E0%A4%A").params).toEqual({ value: "%E0%A4%A" });
  });

  it("reads the query parameters of web links", () => {
    expect(parseLink("https://example.com/docs?page=2&q=a%20b#top")).toEqual({
      protocol: "https:",
      params: { page: "2", q: "a b" },
    });
    expect(parseLink("/relative?x=1", "http://host.test/page")).toEqual({
      protocol: "http:",
      params: { x: "1" },
    });
  });

  it("combines a value with query parameters", () => {
    expect(parseLink("mailto:help@example.com?subject=Order%2042")).toEqual({
      protocol: "mailto:",
      params: { value: "help@example.com", subject: "Order 42" },
    });
  });
});
