import { describe, expect, it } from "vitest";
import { htmlTitle, htmlToMarkdown } from "./html-to-markdown.js";

describe("htmlToMarkdown", () => {
  it("keeps headings, paragraphs, lists, links and emphasis, and drops scripts and styles", () => {
    const html = `<html><head><title>Events &amp; clinics</title><style>p{color:red}</style></head>
      <body><script>alert(1)</script><h1>Clinics</h1><p>Every <strong>Thursday</strong> at 6&#58;30.</p>
      <nav><a href="/">Home</a></nav><ul><li>Stoves</li><li>Tents</li></ul><p><a href="/signup">Sign up</a></p><!-- hidden --></body></html>`;
    expect(htmlToMarkdown(html)).toBe(
      "# Clinics\n\nEvery **Thursday** at 6:30.\n\n- Stoves\n- Tents\n\n[Sign up](/signup)",
    );
    expect(htmlTitle(html)).toBe("Events & clinics");
  });

  it("turns pre blocks into code fences", () => {
    expect(htmlToMarkdown("<pre><code>npm start</code></pre>")).toBe("```\nnpm start\n```");
  });
});
