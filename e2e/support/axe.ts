import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { axeScriptPath } from "./paths.js";

export const axeSource = readFileSync(axeScriptPath, "utf8");

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown; failureSummary: string }[];
}

/**
 * axe's violations inside the widget on `page`, one readable line each (none: `[]`). The
 * `region` rule is off: the widget is a piece of a host page, not the page.
 */
export async function auditWidget(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(
      { include: [["[data-nexus-chat]"]] },
      { resultTypes: ["violations"], rules: { region: { enabled: false } } },
    );
    return result.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .map((node) => `${JSON.stringify(node.target)} ${node.failureSummary}`)
        .join("; ")}`,
  );
}

/**
 * axe on a console page in both themes, one line per violation (none: `[]`). Evaluated over
 * DevTools, so the console's CSP does not block it. `exclude` leaves parts out (the previewed
 * widget, which has its own audit).
 */
export async function auditConsole(page: Page, exclude: string[] = []): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ["light", "dark"]) {
    await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async (excluded) => {
      const axe = (
        window as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
        }
      ).axe;
      const context = { exclude: excluded.map((selector) => [selector]) };
      return (await axe.run(context, { resultTypes: ["violations"] })).violations;
    }, exclude);
    found.push(
      ...violations.map(
        (violation) =>
          `${theme}: ${violation.id} (${violation.impact}) ${violation.help} ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
      ),
    );
  }
  return found;
}
