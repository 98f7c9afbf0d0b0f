import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./store.js";

describe("ExperienceStore.get (remembered between questions)", () => {
  let directory: string;
  let filename: string;
  let store: Store;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "nexus-experience-test-"));
    filename = join(directory, "nexus.sqlite");
    store = await openStore(`sqlite:${filename}`);
    await store.experiences.create({
      id: "shop",
      name: "Shop",
      allowedOrigins: ["https://a.test"],
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Runs `change` through a second connection to the same file, as another process would. */
  const changeElsewhere = async (change: (other: Store) => Promise<unknown>): Promise<void> => {
    const other = await openStore(`sqlite:${filename}`, { migrate: false });
    try {
      await change(other);
    } finally {
      await other.close();
    }
  };

  it("sees this store's own updates and deletions at once", async () => {
    expect((await store.experiences.get("shop"))?.name).toBe("Shop");
    await store.experiences.update("shop", { name: "Shop 2", allowedOrigins: [] });
    const updated = await store.experiences.get("shop");
    expect(updated?.name).toBe("Shop 2");
    expect(updated?.allowedOrigins).toEqual([]);
    await store.experiences.delete("shop");
    expect(await store.experiences.get("shop")).toBeUndefined();
  });

  it("sees an experience created after it was asked for and missing", async () => {
    expect(await store.experiences.get("new")).toBeUndefined();
    await store.experiences.create({ id: "new", name: "New" });
    expect((await store.experiences.get("new"))?.name).toBe("New");
  });

  it("reads again after another connection changed, created or deleted an experience", async () => {
    expect((await store.experiences.get("shop"))?.requireAuth).toBe(false);
    await changeElsewhere((other) => other.experiences.update("shop", { requireAuth: true }));
    expect((await store.experiences.get("shop"))?.requireAuth).toBe(true);

    expect(await store.experiences.get("late")).toBeUndefined();
    await changeElsewhere((other) => other.experiences.create({ id: "late", name: "Late" }));
    expect((await store.experiences.get("late"))?.name).toBe("Late");

    await changeElsewhere((other) => other.experiences.delete("shop"));
    expect(await store.experiences.get("shop")).toBeUndefined();
  });

  it("hands out experiences that cannot be changed by accident", async () => {
    const experience = await store.experiences.get("shop");
    expect(Object.isFrozen(experience)).toBe(true);
    expect(Object.isFrozen(experience?.allowedOrigins)).toBe(true);
    expect(() => experience?.allowedOrigins.push("https://b.test")).toThrow(TypeError);
    expect((await store.experiences.get("shop"))?.allowedOrigins).toEqual(["https://a.test"]);
  });
});
