import { describe, expect, it } from "vitest";
import { toCsv } from "./to-csv.js";

describe("toCsv", () => {
  it("quotes every field, doubles quotes, keeps line breaks inside fields", () => {
    expect(toCsv([["a", 'say "hi"', "two\nlines", null, 3, false]])).toBe(
      '\uFEFF"a","say ""hi""","two\nlines","","3","false"\r\n',
    );
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(toCsv([["=HYPERLINK(1)", "+1", "-2", "@x", "ok"]])).toBe(
      `\uFEFF"'=HYPERLINK(1)","'+1","'-2","'@x","ok"\r\n`,
    );
  });
});
