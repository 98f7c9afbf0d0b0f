// The bundle file the test servers hand to browsers.
import { inject } from "vitest";

/** The snapshot of the built bundle that global setup took (see e2e/global-setup.ts). */
export function servedBundlePath(): string {
  return inject("widgetBundleSnapshot");
}
