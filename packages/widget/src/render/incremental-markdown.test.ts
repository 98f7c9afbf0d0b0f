// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { Lexer } from "marked";
import { IncrementalMarkdown } from "./incremental-markdown.js";

/** A renderer whose frames run only when the test says so. */
function manualRenderer() {
  const element = document.createElement("div");
  const frames: (() => void)[] = [];
  const renderer = new IncrementalMarkdown(element, (callback) => frames.push(callback));
  const runFrame = () => frames.splice(0).forEach((callback) => callback());
  return { element, renderer, runFrame, frames };
}

function rendered(markdown: string): HTMLElement {
  const element = document.createElement("div");
  const renderer = new IncrementalMarkdown(element, () => undefined);
  renderer.update(markdown);
  renderer.flush();
  return element;
}

describe("IncrementalMarkdown", () => {
  it("renders streamed text to the same DOM as the whole text at once", () => {
    const answer =
      '## Installing\n\nAdd one `<script>` tag:\n\n```html\n<script src="x.js"></script>\n```\n\n' +
      "- first\n- second **bold**\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\nDone. [Docs](https://example.com/docs)";
    const { element, renderer, runFrame } = manualRenderer();
    let text = "";
    for (const piece of answer.match(/[\s\S]{1,7}/g) ?? []) {
      text += piece;
      renderer.update(text);
      runFrame();
    }
    expect(element.innerHTML).toBe(rendered(answer).innerHTML);
    expect(element.querySelector("h2")?.textContent).toBe("Installing");
    expect(element.querySelectorAll("li")).toHaveLength(2);
    expect(element.querySelector("td[align], th[align]")).not.toBeNull();
  });

  it("renders streamed lists to the same DOM as the whole text, whatever the chunk size", () => {
    const answers = [
      "Steps:\n\n- one\n- two **bold**\n- three [link](https://example.com/3)\n\nAfter the list.",
      "1. first\n2. second\n3. third\n\n5. a list of its own?\n6. six",
      "7. starts at seven\n8. eight\n\n   continued paragraph of eight\n9. nine",
      "- a\n- b\n  - nested one\n  - nested two\n- c\n* other bullet\n* starts a new list",
      "- [ ] task\n- [x] done task\n- ```\n  code in an item\n  ```\n- last",
      "- loose one\n\n- loose two\n\n- loose three\n\n---\n\n| a |\n|---|\n| 1 |",
      "- item\nlazy continuation line\n- next\n\nparagraph\n- a list right after\n- b",
    ];
    for (const answer of answers) {
      for (const size of [1, 3, 8, 50]) {
        const { element, renderer, runFrame } = manualRenderer();
        let text = "";
        for (const piece of answer.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? []) {
          text += piece;
          renderer.update(text);
          runFrame();
        }
        expect(element.innerHTML, `${JSON.stringify(answer)} in pieces of ${size}`).toBe(
          rendered(answer).innerHTML,
        );
      }
    }
  });

  it("parses only the last item of an open list, and never touches finished items", () => {
    const { element, renderer, runFrame } = manualRenderer();
    const lex = vi.spyOn(Lexer, "lex");
    renderer.update("- one\n- two\n- thr");
    runFrame();
    const [one, two] = element.querySelectorAll("li");
    lex.mockClear();
    for (const text of [
      "- one\n- two\n- three",
      "- one\n- two\n- three\n- fo",
      "- one\n- two\n- three\n- four\n\nEnd.",
    ]) {
      renderer.update(text);
      runFrame();
    }
    expect(lex.mock.calls.map(([source]) => source)).toEqual([
      "- three",
      "- three\n- fo",
      "- fo".replace("fo", "four\n\nEnd."),
      "\n\nEnd.",
    ]);
    const items = element.querySelectorAll("li");
    expect(items[0]).toBe(one);
    expect(items[1]).toBe(two);
    expect([...items].map((item) => item.textContent)).toEqual(["one", "two", "three", "four"]);
    expect(element.lastElementChild?.textContent).toBe("End.");
    lex.mockRestore();
  });

  it("never parses or touches a finished block again while later text streams in", () => {
    const { element, renderer, runFrame } = manualRenderer();
    const lex = vi.spyOn(Lexer, "lex");
    renderer.update("First paragraph.\n\nSecond");
    runFrame();
    const first = element.firstElementChild;
    expect(first?.textContent).toBe("First paragraph.");
    lex.mockClear();
    for (const text of [
      "First paragraph.\n\nSecond paragraph",
      "First paragraph.\n\nSecond paragraph grows.",
      "First paragraph.\n\nSecond paragraph grows.\n\nThird.",
    ]) {
      renderer.update(text);
      runFrame();
    }
    expect(lex.mock.calls.map(([source]) => source)).toEqual([
      "Second paragraph",
      "Second paragraph grows.",
      "Second paragraph grows.\n\nThird.",
    ]);
    expect(element.firstElementChild).toBe(first);
    expect([...element.children].map((child) => child.textContent)).toEqual([
      "First paragraph.",
      "Second paragraph grows.",
      "Third.",
    ]);
    lex.mockRestore();
  });

  it("renders at most once per frame however many updates arrive", () => {
    const { element, renderer, frames, runFrame } = manualRenderer();
    for (let count = 1; count <= 50; count++) renderer.update("word ".repeat(count));
    expect(frames).toHaveLength(1);
    expect(element.childElementCount).toBe(0);
    runFrame();
    expect(element.textContent?.trim()).toBe("word ".repeat(50).trim());
  });

  it("updates the open block in place: its elements stay while words stream in", () => {
    const { element, renderer, runFrame } = manualRenderer();
    renderer.update("- first item\n- second");
    runFrame();
    const list = element.querySelector("ul");
    const [firstItem, secondItem] = element.querySelectorAll("li");
    renderer.update("- first item\n- second item **grows**");
    runFrame();
    renderer.update("- first item\n- second item **grows**\n- third");
    runFrame();
    expect(element.querySelector("ul")).toBe(list);
    expect(element.querySelectorAll("li")[0]).toBe(firstItem);
    expect(element.querySelectorAll("li")[1]).toBe(secondItem);
    expect(secondItem?.innerHTML).toBe("second item <strong>grows</strong>");
    expect(element.querySelectorAll("li")).toHaveLength(3);
  });

  it("keeps the open block's elements when it becomes a finished block", () => {
    const { element, renderer, runFrame } = manualRenderer();
    renderer.update("A paragraph being written");
    runFrame();
    const paragraph = element.firstElementChild;
    renderer.update("A paragraph being written.\n\nThe next one");
    runFrame();
    expect(element.firstElementChild).toBe(paragraph);
    expect([...element.children].map((child) => child.textContent)).toEqual([
      "A paragraph being written.",
      "The next one",
    ]);
  });

  it("starts over when the text is replaced rather than extended", () => {
    const { element, renderer, runFrame } = manualRenderer();
    renderer.update("Old answer.\n\nMore");
    runFrame();
    renderer.update("New answer.");
    runFrame();
    expect(element.textContent).toBe("New answer.");
  });
});

describe("answer sanitisation", () => {
  it("removes scripts, event handlers, SVG payloads and inert-ifies script URLs", () => {
    const element = rendered(
      [
        "<script>window.pwned = 1</script>",
        '<img src="x" onerror="window.pwned = 2">',
        '<svg onload="window.pwned = 3"><script>window.pwned = 4</script></svg>',
        '<iframe src="javascript:window.pwned = 5"></iframe>',
        "[click me](javascript:window.pwned=6) [data](data:text/html,<script>alert(1)</script>) [vb](vbscript:msgbox)",
        '<a href="JaVaScRiPt:alert(1)">mixed</a> <a href="java&#x09;script:alert(1)">tab</a>',
        '<div style="position:fixed" class="nxc-launcher" id="x" data-message-id="fake">styled</div>',
        '<form action="https://evil.example"><input name="q"><button>go</button></form>',
      ].join("\n\n"),
    );
    const html = element.innerHTML;
    expect(html).not.toMatch(
      /<script|onerror|onload|<svg|<iframe|javascript:|vbscript:|data:text/i,
    );
    expect(html).not.toMatch(/style=|class=|id=|data-message-id|<form|<input|<button/i);
    expect(element.querySelectorAll("a[href]")).toHaveLength(0);
    expect(element.textContent).toContain("click me");
  });

  it("opens web links in a new tab without referrer and keeps custom protocols for the widget", () => {
    const element = rendered(
      "[Docs](https://example.com/docs) [Tour](tour:id=123456) [Mail](mailto:help@example.com)",
    );
    const [web, tour, mail] = [...element.querySelectorAll("a")];
    expect(web?.getAttribute("target")).toBe("_blank");
    expect(web?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(tour?.getAttribute("href")).toBe("tour:id=123456");
    expect(tour?.hasAttribute("target")).toBe(false);
    expect(mail?.getAttribute("href")).toBe("mailto:help@example.com");
  });
});
