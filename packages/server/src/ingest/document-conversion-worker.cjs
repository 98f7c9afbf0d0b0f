// Turns one PDF or DOCX file into HTML on a worker thread (see convert-binary-document.ts).
// Plain CommonJS, so that it runs as it is from the sources and from the build. A thread of its
// own, with a memory limit set by whoever starts it, so that a huge or hostile file can neither
// hold the server's event loop nor exhaust its memory: the thread is terminated instead.
// Neither parser runs anything a document carries: pdf.js is asked for text only, with eval off
// (fonts are never compiled to functions) and no XFA forms; mammoth reads the document's XML and
// never opens files or addresses the document points to.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");

/** Escapes text for HTML element content. */
function escapeHtml(text) {
  return text.replace(/[&<>]/g, (character) =>
    character === "&" ? "&amp;" : character === "<" ? "&lt;" : "&gt;",
  );
}

/** A failure the caller reports as the user's file's fault, with its kind. */
function refuse(kind, message) {
  const error = new Error(message);
  error.kind = kind;
  return error;
}

/** The value below which `share` of the values lie (0.5: the median). */
function quantile(values, share) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length * share)];
}

/** Whether a line is short and set clearly larger than the body text. */
function isHeading(line, bodyHeight) {
  return bodyHeight > 0 && line.height >= bodyHeight * 1.25 && line.text.length <= 120;
}

/** The gaps between consecutive baselines of a page's body text, top to bottom. */
function gapsOf(lines, bodyHeight) {
  const gaps = [];
  for (let index = 1; index < lines.length; index += 1) {
    if (isHeading(lines[index - 1], bodyHeight) || isHeading(lines[index], bodyHeight)) continue;
    const gap = lines[index - 1].y - lines[index].y;
    if (gap > 0) gaps.push(gap);
  }
  return gaps;
}

/**
 * The lines of a page's text items, top to bottom as pdf.js gives them: a new line where the
 * baseline moves or an item ends one. Each line keeps its baseline and its tallest glyph.
 */
function linesOf(items) {
  const lines = [];
  let current = null;
  for (const item of items) {
    if (typeof item.str !== "string") continue;
    const y = item.transform[5];
    const height = Math.abs(item.height || item.transform[3] || 0);
    if (current && Math.abs(y - current.y) > Math.max(1, current.height / 2)) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: "", y, height: 0 };
    current.text += item.str;
    current.height = Math.max(current.height, height);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines
    .map((line) => ({ ...line, text: line.text.replace(/\s+/g, " ").trim() }))
    .filter((line) => line.text !== "");
}

/**
 * One page's HTML: paragraphs split where the gap between two lines is clearly wider than the
 * document's line spacing, and short lines set clearly larger than the body text as headings
 * (PDF has no structure to read them from; these two cues are what a reader sees). The line
 * spacing is the gap that a quarter of the body text's gaps are below: most gaps are within
 * paragraphs, and a short document has too few for a median to tell the two apart.
 */
function pageHtml(lines, bodyHeight, spacing) {
  const blocks = [];
  let paragraph = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push(`<p>${escapeHtml(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (isHeading(line, bodyHeight)) {
      endParagraph();
      blocks.push(`<h2>${escapeHtml(line.text)}</h2>`);
      return;
    }
    const gap = previous ? previous.y - line.y : 0;
    if (spacing > 0 && (gap > spacing * 1.5 || gap < 0)) endParagraph();
    paragraph.push(line.text);
  });
  endParagraph();
  return blocks.join("\n");
}

async function convertPdf(data, limits) {
  const { getDocumentProxy } = await import("unpdf");
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(data), {
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
  } catch (error) {
    if (error && error.name === "PasswordException")
      throw refuse("encrypted", "is protected by a password");
    throw refuse("unreadable", `is not a readable PDF (${(error && error.message) || error})`);
  }
  try {
    if (pdf.numPages > limits.maxPages)
      throw refuse("too-large", `has ${pdf.numPages} pages; at most ${limits.maxPages} are read`);
    const pages = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items));
      page.cleanup();
    }
    const bodyHeight = quantile(
      pages.flat().map((line) => line.height),
      0.5,
    );
    const spacing = quantile(
      pages.flatMap((lines) => gapsOf(lines, bodyHeight)),
      0.25,
    );
    const html = pages.map((lines) => pageHtml(lines, bodyHeight, spacing)).join("\n");
    const { info } = await pdf.getMetadata().catch(() => ({ info: {} }));
    const title = typeof info?.Title === "string" ? info.Title.trim() : "";
    return { html, title: title || undefined, pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

async function convertDocx(data) {
  const mammoth = require("mammoth");
  let result;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(data) },
      {
        externalFileAccess: false,
        // Pictures are left out: the knowledge base keeps text, and inline images would be
        // data: addresses, which documents may not keep anyway.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    );
  } catch (error) {
    throw refuse(
      "unreadable",
      `is not a readable DOCX file (${(error && error.message) || error})`,
    );
  }
  const html = result.value.replace(/<img[^>]*>/g, "");
  const heading = /<h1>(.*?)<\/h1>/.exec(html);
  const title = heading ? heading[1].replace(/<[^>]+>/g, "").trim() : "";
  return { html, title: title || undefined };
}

async function convert() {
  const { format, data, limits } = workerData;
  const converted = format === "pdf" ? await convertPdf(data, limits) : await convertDocx(data);
  if (converted.html.length > limits.maxTextBytes)
    throw refuse("too-large", `holds more than ${limits.maxTextBytes} bytes of text`);
  return converted;
}

convert().then(
  (converted) => parentPort.postMessage({ converted }),
  (error) =>
    parentPort.postMessage({
      failure: {
        kind: (error && error.kind) || "unreadable",
        message: (error && error.message) || String(error),
      },
    }),
);
