/**
 * Writes rows as CSV (RFC 4180: every field quoted, quotes doubled, CRLF line ends) with a byte
 * order mark so spreadsheets read UTF-8. A text cell a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe: visitors write
 * these questions, and an export must not turn them into formulas.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '""';
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
