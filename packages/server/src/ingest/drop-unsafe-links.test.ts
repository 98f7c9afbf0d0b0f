import { describe, expect, it } from "vitest";
import { dropUnsafeLinks, findUnsafeLinks } from "./drop-unsafe-links.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { invalidLinkScheme, LinkPolicy, schemeOf } from "./link-policy.js";

const policy = new LinkPolicy(["tour"]);

describe("schemeOf", () => {
  it("reads the scheme a browser would see", () => {
    expect(schemeOf("https://example.com")).toBe("https");
    expect(schemeOf("JaVaScRiPt:alert(1)")).toBe("javascript");
    expect(schemeOf(" \tjava\nscript:alert(1)")).toBe("javascript");
    expect(schemeOf("javascript&#58;alert(1)")).toBe("javascript");
    expect(schemeOf("javascript&colon;alert(1)")).toBe("javascript");
    expect(schemeOf("&#x6a;avascript:alert(1)")).toBe("javascript");
    expect(schemeOf("\u0001javascript:alert(1)")).toBe("javascript");
    expect(schemeOf("/relative/path:with-colon")).toBeNull();
    expect(schemeOf("#anchor")).toBeNull();
    expect(schemeOf("//example.com/x")).toBeNull();
  });

  it("never lets configuration allow a scheme that runs or inlines content", () => {
    for (const scheme of ["javascript", "JavaScript:", "data", "vbscript", "blob", "file"]) {
      expect(invalidLinkScheme(scheme), scheme).toMatch(/never allowed/);
      expect(() => new LinkPolicy([scheme])).toThrow();
    }
    expect(invalidLinkScheme("not a scheme")).toMatch(/not a URL scheme/);
    expect(invalidLinkScheme("livechat:")).toBeUndefined();
  });
});

describe("dropUnsafeLinks", () => {
  const hostile = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](javascript&#58;alert(1))",
    "[click](javas&#99;ript:alert(1))",
    '[click](javascript:alert(1) "title")',
    "<javascript:alert(1)>",
    "![pixel](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "[![pixel](data:image/png;base64,AAAA)](https://example.com)",
    "[ref link][evil]\n\n[evil]: javascript:alert(1)",
    "[vb](vbscript:msgbox(1))",
    "[blob](blob:https://example.com/uuid)",
    "[file](file:///etc/passwd)",
    "[other](unknown-protocol:thing)",
    '<a href="javascript:alert(1)">html link</a>',
    "<img src=x onerror=alert(1)> <img src='data:text/html,<script>1</script>'>",
    '<div>\n<iframe src="javascript:alert(1)"></iframe>\n</div>',
    '<img srcset="https://ok.example/a.png 1x, javascript:alert(1) 2x">',
    "> quoted [link\n> over lines](javascript:alert(1))",
    "- item [link](javascript:alert(1))\n  - nested ![i](data:x)",
    "| a | b |\n| --- | --- |\n| [cell](javascript:alert(1)) | x |",
    "**[bold](javascript:alert(1))** and _[em](data:text/html,x)_",
  ];

  it.each(hostile)("leaves no refused URL in %j", (markdown) => {
    expect(findUnsafeLinks(markdown, policy).length).toBeGreaterThan(0);
    const safe = dropUnsafeLinks(markdown, policy);
    expect(findUnsafeLinks(safe, policy)).toEqual([]);
  });

  it("keeps the text of what it drops, and everything allowed as written", () => {
    const markdown = [
      "# Title",
      "",
      "See [the guide](https://example.com/guide), [mail us](mailto:a@example.com),",
      "[call](tel:+1-555-0100), [the tour](tour:id=1), [a page](/relative#x) and",
      "[do not click](javascript:alert(1)) or ![a chart](data:image/png;base64,AAAA).",
    ].join("\n");
    const safe = dropUnsafeLinks(markdown, policy);
    expect(safe).toBe(
      [
        "# Title",
        "",
        "See [the guide](https://example.com/guide), [mail us](mailto:a@example.com),",
        "[call](tel:+1-555-0100), [the tour](tour:id=1), [a page](/relative#x) and",
        "do not click or a chart.",
      ].join("\n"),
    );
  });

  it("drops custom protocols that are not configured", () => {
    expect(dropUnsafeLinks("[tour](tour:id=1) [chat](livechat:x)", policy)).toBe(
      "[tour](tour:id=1) chat",
    );
    expect(dropUnsafeLinks("[tour](tour:id=1)", new LinkPolicy())).toBe("tour");
  });

  it("returns a document without refused links unchanged, line endings included", () => {
    const markdown = "# A\r\n\r\n[ok](https://example.com)\r\n";
    expect(dropUnsafeLinks(markdown, policy)).toBe(markdown);
  });
});

describe("escapeMarkdown", () => {
  it("makes markup show as the text it is", () => {
    const text = "# not a heading\n<b>bold?</b> [x](javascript:1) *a* _b_ `c` AT&T\n1. one\n- two";
    expect(findUnsafeLinks(escapeMarkdown(text), new LinkPolicy())).toEqual([]);
    expect(escapeMarkdown(text)).toBe(
      "\\# not a heading\n\\<b\\>bold?\\</b\\> \\[x\\](javascript:1) \\*a\\* \\_b\\_ \\`c\\` AT\\&T\n1\\. one\n\\- two",
    );
  });
});
