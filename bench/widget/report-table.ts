import type { Summary } from "./statistics.js";

/** One row of the widget bench table: a figure, and its target from issue 7 where there is one. */
export interface ReportRow {
  measure: string;
  value: Summary | number;
  unit: "ms" | "KiB" | "MiB" | "%" | "fps" | "frames" | "×" | "count" | "ms/chunk";
  /** The largest value that meets the target; absent: reported for context. */
  atMost?: number;
}

export type RowStatus = "met" | "NOT met" | "—";

export function statusOf(row: ReportRow): RowStatus {
  if (row.atMost === undefined) return "—";
  const value = typeof row.value === "number" ? row.value : row.value.median;
  if (!Number.isFinite(value)) return "NOT met";
  return value <= row.atMost ? "met" : "NOT met";
}

function format(value: number, unit: ReportRow["unit"]): string {
  if (!Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "%":
      return `${value.toFixed(1)} %`;
    case "×":
      return `${value.toFixed(2)}×`;
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "ms/chunk":
      return `${value.toFixed(3)} ms`;
    case "KiB":
    case "MiB":
      return `${value.toFixed(1)} ${unit}`;
    case "fps":
      return `${value.toFixed(0)} fps`;
    case "frames":
      return `${value.toFixed(0)}`;
    default:
      return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
  }
}

/** A markdown table (median, min and max of the runs; the status judges the median). */
export function renderTable(rows: readonly ReportRow[]): string {
  const lines = [
    "| Measure | Median | Min | Max | Target | Status |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of rows) {
    const isSummary = typeof row.value !== "number";
    const median = typeof row.value === "number" ? row.value : row.value.median;
    const min = typeof row.value === "number" ? "" : format(row.value.min, row.unit);
    const max = typeof row.value === "number" ? "" : format(row.value.max, row.unit);
    const target = row.atMost === undefined ? "—" : `≤ ${format(row.atMost, row.unit)}`;
    lines.push(
      `| ${row.measure} | ${format(median, row.unit)} | ${isSummary ? min : ""} | ${isSummary ? max : ""} | ${target} | ${statusOf(row)} |`,
    );
  }
  return lines.join("\n");
}
