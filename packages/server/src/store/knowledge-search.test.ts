import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentToStore } from "./knowledge-store.js";
import { openStore, type Store } from "./store.js";

function document(externalId: string, passages: string[]): DocumentToStore {
  return {
    experienceId: "shop",
    externalId,
    title: externalId,
    url: null,
    format: "markdown",
    contentHash: externalId,
    metadata: {},
    actions: null,
    passages: passages.map((body, index) => ({ heading: `Part ${index + 1}`, body })),
  };
}

describe("KnowledgeStore.search", () => {
  let directory: string;
  let store: Store;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "nexus-search-test-"));
    store = await openStore(`sqlite:${join(directory, "nexus.sqlite")}`);
    await store.experiences.create({ id: "shop", name: "Shop" });
    // Twelve passages about tents and cleaning together, and many about only one of them.
    await store.knowledge.saveDocument(
      "both",
      document(
        "both",
        Array.from({ length: 12 }, (_, index) => `Cleaning the tent, step ${index}.`),
      ),
    );
    await store.knowledge.saveDocument(
      "tents",
      document(
        "tents",
        Array.from({ length: 30 }, (_, index) => `Pitching a tent, tip ${index}.`),
      ),
    );
    await store.knowledge.saveDocument(
      "cleaning",
      document(
        "cleaning",
        Array.from({ length: 30 }, (_, index) => `Cleaning boots, tip ${index}.`),
      ),
    );
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("stops at the passages holding every term when there are enough of them", async () => {
    const plan = await store.knowledge.planSearch(["cleaning", "work", "tent"]);
    expect(plan.steps[0]).toMatchObject({ operator: "AND", terms: ["cleaning", "tent"] });
    const matches = await store.knowledge.search("shop", ["cleaning", "work", "tent"], 40);
    expect(matches).toHaveLength(12);
    const bodies = await store.knowledge.getPassages(matches.map((match) => match.passageId));
    for (const passage of bodies) expect(passage.body).toMatch(/^Cleaning the tent/);
    // Best first.
    const scores = matches.map((match) => match.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
  });

  it("widens to passages holding any term when too few hold them all", async () => {
    const matches = await store.knowledge.search("shop", ["pitching", "boots"], 40);
    expect(matches).toHaveLength(40);
    const bodies = await store.knowledge.getPassages(matches.map((match) => match.passageId));
    expect(bodies.some((passage) => passage.body.startsWith("Pitching"))).toBe(true);
    expect(bodies.some((passage) => passage.body.startsWith("Cleaning boots"))).toBe(true);
  });

  it("matches stemmed words, and finds a term added after it was first missing", async () => {
    expect(await store.knowledge.search("shop", ["kayaks"], 40)).toEqual([]);
    await store.knowledge.saveDocument("kayak", document("kayak", ["Storing a kayak indoors."]));
    const matches = await store.knowledge.search("shop", ["kayaks"], 40);
    expect(matches).toHaveLength(1);
  });

  it("leaves a term in most passages out, and counts again after passages are added", async () => {
    // "tent" is in 42 of the 72 passages: too common to narrow anything down.
    const steps = (await store.knowledge.planSearch(["pitching", "tent"])).steps;
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ operator: "OR", terms: ["pitching"] });
    await store.knowledge.saveDocument(
      "kayaks",
      document(
        "kayaks",
        Array.from({ length: 20 }, (_, index) => `Paddling, tip ${index}.`),
      ),
    );
    // 42 of 92 now.
    expect((await store.knowledge.planSearch(["pitching", "tent"])).steps[0]).toMatchObject({
      operator: "AND",
      terms: ["pitching", "tent"],
    });
  });

  it("counts again after another connection changed the index", async () => {
    expect(await store.knowledge.search("shop", ["kayaks"], 40)).toEqual([]);
    const other = await openStore(`sqlite:${join(directory, "nexus.sqlite")}`, { migrate: false });
    try {
      await other.knowledge.saveDocument("kayak", document("kayak", ["Storing a kayak indoors."]));
    } finally {
      await other.close();
    }
    expect(await store.knowledge.search("shop", ["kayaks"], 40)).toHaveLength(1);
  });

  it("only returns the experience's own passages", async () => {
    await store.experiences.create({ id: "other", name: "Other" });
    await store.knowledge.saveDocument("elsewhere", {
      ...document("elsewhere", ["Cleaning the tent elsewhere."]),
      experienceId: "other",
    });
    const matches = await store.knowledge.search("other", ["cleaning", "tent"], 40);
    expect(matches).toHaveLength(1);
  });
});
