import { describe, expect, it } from "vitest";
import { apiBase } from "./api-base.js";

describe("apiBase", () => {
  it.each([
    ["https://chat.example.com", "https://chat.example.com/api/v2"],
    ["https://chat.example.com/", "https://chat.example.com/api/v2"],
    ["https://chat.example.com/api/v2", "https://chat.example.com/api/v2"],
    ["https://chat.example.com/api/v2/", "https://chat.example.com/api/v2"],
    ["https://chat.example.com/v2", "https://chat.example.com/v2"],
    ["http://127.0.0.1:4000/proxy", "http://127.0.0.1:4000/proxy/api/v2"],
    ["  https://chat.example.com//  ", "https://chat.example.com/api/v2"],
  ])("turns %s into %s", (input, expected) => {
    expect(apiBase(input)).toBe(expected);
  });
});
