import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../ingest/link-policy.js";
import { StreamingLinkFilter } from "./streaming-link-filter.js";

const policy = new LinkPolicy(["tour"]);

/** Streams `chunks` through a filter; returns each piece it let out and the whole. */
function stream(chunks: readonly string[]): { pieces: string[]; text: string } {
  const filter = new StreamingLinkFilter(policy);
  const pieces = chunks.map((chunk) => filter.push(chunk));
  pieces.push(filter.end());
  return { pieces, text: filter.text };
}

/** Every text the client has had at some point: the prefixes after each piece. */
function prefixes(pieces: readonly string[]): string[] {
  let text = "";
  return pieces.map((piece) => (text += piece));
}

/** Cuts `text` at the given positions. */
function cut(text: string, positions: readonly number[]): string[] {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const position of sorted) {
    chunks.push(text.slice(from, position));
    from = position;
  }
  chunks.push(text.slice(from));
  return chunks;
}

const hostile = [
  "Read [the guide](javascript:alert(1)) first.",
  "Read [the guide](JAVASCRIPT:alert(document.cookie)) first.",
  "See [x]( javascript:alert(1) ) and [y](<javascript:alert(1)>).",
  "See [x](javascript&#58;alert(1)) or [y](javas&#99;ript:alert(1)).",
  '[t](javascript:alert(1) "title") after',
  "An autolink <javascript:alert(1)> here.",
  "A pixel ![p](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=) here.",
  "[![p](data:image/png;base64,AAAA)](https://example.com) nested",
  "[ref link][evil] and [evil]\n\n[evil]: javascript:alert(1)\n\nafter",
  "[vb](vbscript:msgbox(1)) and [blob](blob:https://x/y) and [file](file:///etc/passwd)",
  'Some <a href="javascript:alert(1)">html link</a> text.',
  "<img src=x onerror=alert(1)> <img src='data:text/html,<script>1</script>'>",
  '<div>\n<iframe src="javascript:alert(1)"></iframe>\n</div>',
  "> quoted [link\n> over lines](javascript:alert(1))",
  "- item [link](javascript:alert(1))\n  - nested ![i](data:x)",
  "| a | b |\n| --- | --- |\n| [cell](javascript:alert(1)) | x |",
  "**[bold](javascript:alert(1))** and _[em](data:text/html,x)_",
  "A [label with `code]` inside](javascript:alert(1)) and more.",
  '[a](javascript:x "t)" ) tricky title',
  "[a [b](javascript:x)](https://example.com/ok)",
];

describe("StreamingLinkFilter", () => {
  it("lets ordinary text through chunk by chunk, unchanged", () => {
    const chunks = ["Returns take ", "up to **30 days**", ".", "\n\nAsk ", "again."];
    const { pieces, text } = stream(chunks);
    expect(pieces.slice(0, -1)).toEqual(chunks);
    expect(text).toBe(chunks.join(""));
  });

  it("holds a citation for one character only, and keeps allowed links as written", () => {
    const filter = new StreamingLinkFilter(policy);
    expect(filter.push("Returns take 30 days [1")).toBe("Returns take 30 days ");
    expect(filter.push("]")).toBe("");
    expect(filter.push(". Start the [tour](tour:ret")).toBe("[1]. Start the ");
    expect(filter.push("urns) or [mail us](mailto:a@example.com).")).toBe(
      "[tour](tour:returns) or [mail us](mailto:a@example.com).",
    );
    expect(filter.push(" See [the guide](/guide#x) or <https://example.com>.")).toBe(
      " See [the guide](/guide#x) or <https://example.com>.",
    );
    expect(filter.end()).toBe("");
  });

  it.each(hostile)("never lets a refused link out of %j, however it is cut", (markdown) => {
    expect(findUnsafeLinks(markdown, policy).length).toBeGreaterThan(0);
    // Every single cut and every pair of cuts.
    for (let first = 0; first <= markdown.length; first += 1) {
      for (let second = first; second <= markdown.length; second += 4) {
        const { pieces, text } = stream(cut(markdown, [first, second]));
        for (const prefix of prefixes(pieces)) {
          expect(findUnsafeLinks(prefix, policy), `${first}/${second}: ${prefix}`).toEqual([]);
        }
        expect(text).toBe(pieces.join(""));
      }
    }
    // One character at a time, as a slow model would send it.
    const { pieces } = stream([...markdown]);
    for (const prefix of prefixes(pieces)) expect(findUnsafeLinks(prefix, policy)).toEqual([]);
  });

  it("replaces a refused link by its text, as imported documents are", () => {
    const { text } = stream([
      "Read [the gu",
      "ide](java",
      "script:alert(1)) first !",
      "[p](da",
      "ta:x).",
    ]);
    expect(text).toBe("Read the guide first p.");
  });

  it("sends an opener that never closes as literal text, without holding the rest for long", () => {
    const filter = new StreamingLinkFilter(policy, 40);
    expect(filter.push("An array [1, 2")).toBe("An array ");
    const later = filter.push(`, 3 and then a long sentence that goes on and on`);
    expect(later.startsWith("\\[1, 2, 3")).toBe(true);
    expect(filter.push(". And [a](javascript:x)")).toBe(". And a");
  });

  it("never lets a refused link out of random markdown cut at random places", () => {
    const piece = fc.constantFrom(
      "[",
      "]",
      "(",
      ")",
      "<",
      ">",
      "!",
      "`",
      "\\",
      ":",
      '"',
      " ",
      "\n",
      "\n\n",
      "a",
      "text ",
      "javascript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "https://example.com",
      "tour:x",
      "a href=",
      "img src=",
      "[x]: ",
      "&#58;",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
        (parts, positions) => {
          const markdown = parts.join("");
          const { pieces } = stream(
            cut(
              markdown,
              positions.filter((p) => p <= markdown.length),
            ),
          );
          for (const prefix of prefixes(pieces)) {
            if (findUnsafeLinks(prefix, policy).length > 0) return false;
          }
          return true;
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
