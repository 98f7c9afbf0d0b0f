import JSZip from "jszip";

/** A line of a generated PDF page: its text, and its type size (12 by default). */
export type PdfLine = string | { text: string; size: number };

/** Options of {@link makePdf}. */
export interface PdfOptions {
  /** The document's metadata title. */
  title?: string;
  /**
   * Adds a standard-security encryption dictionary whose user password is not empty, so that a
   * reader without the password cannot open it.
   */
  encrypted?: boolean;
  /** Adds a document-level JavaScript action that opens with the file (never to be run). */
  withScript?: string;
}

function pdfString(text: string): string {
  return `(${text.replace(/[()\\]/g, (character) => `\\${character}`)})`;
}

/**
 * Writes a small, valid PDF 1.4 file by hand: one Helvetica text line per entry, top to bottom,
 * an empty entry leaving a paragraph gap. The tests generate their PDFs with it instead of
 * committing binaries (a PDF is plain objects and a cross-reference table of byte offsets).
 */
export function makePdf(pages: readonly (readonly PdfLine[])[], options: PdfOptions = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const pagesId = add("");
  const kids: number[] = [];
  for (const lines of pages) {
    let y = 740;
    const operators: string[] = [];
    for (const line of lines) {
      const { text, size } = typeof line === "string" ? { text: line, size: 12 } : line;
      y -= size * 1.4;
      if (text !== "") operators.push(`BT /F1 ${size} Tf 72 ${y} Td ${pdfString(text)} Tj ET`);
    }
    const stream = operators.join("\n");
    const content = add(`<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const script = options.withScript
    ? add(`<< /Type /Action /S /JavaScript /JS ${pdfString(options.withScript)} >>`)
    : 0;
  const catalog = add(
    `<< /Type /Catalog /Pages ${pagesId} 0 R${script ? ` /OpenAction ${script} 0 R` : ""} >>`,
  );
  const info = options.title ? add(`<< /Title ${pdfString(options.title)} >>`) : 0;
  const encryption = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${"ab".repeat(32)}> /U <${"cd".repeat(32)}> /P -4 >>`)
    : 0;
  let file = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(file, "latin1"));
    file += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(file, "latin1");
  file += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  file += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  const id = `<${"01".repeat(16)}>`;
  file +=
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R` +
    (info ? ` /Info ${info} 0 R` : "") +
    (encryption ? ` /Encrypt ${encryption} 0 R /ID [${id} ${id}]` : "") +
    ` >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(file, "latin1");
}

/** A paragraph of a generated DOCX: its text, and a heading level when it is one. */
export interface DocxParagraph {
  text: string;
  heading?: 1 | 2 | 3;
}

function xmlText(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Writes a minimal DOCX (Office Open XML) file: the package's content types, its relationship
 * to the main part, and `word/document.xml` with one paragraph per entry, headings styled
 * `Heading1`…`Heading3` (the built-in style ids a word processor writes, which mammoth maps to
 * `<h1>`…`<h3>`).
 */
export async function makeDocx(paragraphs: readonly DocxParagraph[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      "</Types>",
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      "</Relationships>",
  );
  const body = paragraphs
    .map(
      (paragraph) =>
        "<w:p>" +
        (paragraph.heading
          ? `<w:pPr><w:pStyle w:val="Heading${paragraph.heading}"/></w:pPr>`
          : "") +
        `<w:r><w:t xml:space="preserve">${xmlText(paragraph.text)}</w:t></w:r></w:p>`,
    )
    .join("");
  zip.file(
    "word/document.xml",
    '<?xml version="1.0" encoding="UTF-8"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}
