// Synonyms and spelling corrections through the real index, on every dialect available:
// SQLite always, PostgreSQL when NEXUS_TEST_POSTGRES_URL is set.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from "../../test/support/test-database.js";
import type { DocumentToStore } from "../store/knowledge-store.js";
import { openStore, type Store } from "../store/store.js";
import { retrieve } from "./passage-retriever.js";

function article(externalId: string, title: string, body: string): DocumentToStore {
  return {
    experienceId: "shop",
    externalId,
    title,
    url: `https://shop.example/${externalId}`,
    format: "markdown",
    contentHash: externalId,
    metadata: {},
    actions: null,
    passages: [{ heading: title, body }],
  };
}

describe.each(testDialects())("term expansion on %s", (dialect) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.url);
    await store.experiences.create({ id: "shop", name: "Shop" });
    const articles = [
      article(
        "returns",
        "Returns",
        "Send items back within 30 days for a full return to your card.",
      ),
      article("password", "Your account", "Reset a forgotten password from the sign-in page."),
      article("shipping", "Delivery", "Parcels leave the warehouse within two working days."),
      article("tents", "Tent care", "Dry the tent before storing it to avoid mildew."),
    ];
    for (const [index, entry] of articles.entries())
      await store.knowledge.saveDocument(`doc-${index}`, entry);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const firstUrl = async (question: string, options = {}) =>
    (await retrieve(store.knowledge, "shop", question, undefined, options)).passages[0]?.url;

  it("finds a passage through a synonym group, and only with it", async () => {
    expect(await firstUrl("refund policy")).toBeUndefined();
    const synonyms = [["refund", "return"]];
    expect(await firstUrl("refund policy", { synonyms })).toBe("https://shop.example/returns");
    const retrieval = await retrieve(store.knowledge, "shop", "refund", undefined, { synonyms });
    // The engine goes on with the word the passage uses.
    expect(retrieval.terms).toEqual(["return"]);
  });

  it("ORs a group within an AND of the question's terms", async () => {
    const synonyms = [["package", "parcel"]];
    expect(await firstUrl("package warehouse", { synonyms })).toBe("https://shop.example/shipping");
  });

  it("corrects a short question's misspelt word to the closest indexed one", async () => {
    expect(await firstUrl("forgot pasword")).toBeUndefined();
    expect(await firstUrl("forgot pasword", { spellingCorrection: true })).toBe(
      "https://shop.example/password",
    );
    expect(await firstUrl("storing mildw tent", { spellingCorrection: true })).toBe(
      "https://shop.example/tents",
    );
  });

  it("leaves long questions, known words and short words alone", async () => {
    const long = "i forgot my pasword yesterday evening after coming back home late";
    expect(await firstUrl(long, { spellingCorrection: true })).toBeUndefined();
    const retrieval = await retrieve(store.knowledge, "shop", "tent dri", undefined, {
      spellingCorrection: true,
    });
    expect(retrieval.terms).toEqual(["tent", "dri"]);
  });

  it("lists indexed words near a word, stemmed as the index keeps them", async () => {
    const words = await store.knowledge.vocabularyNear("shop", "password", 2);
    expect(words).toContain("password");
    expect(words.every((word) => word.startsWith("p"))).toBe(true);
  });
});
