// An experience's knowledge-base language (issue 15, ADR 0009), through the HTTP API on the
// database the suite runs on: questions find passages that use another form of their words by
// the language's stemming, only with the language set; changing it indexes the passages again;
// an unknown language is refused with the supported ones named.
import type { Experience, IngestionJob, QueryResponse } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  multilingualCases,
  type MultilingualCase,
} from "../../test/support/multilingual-knowledge.js";
import { startTestApp, waitForJob, type TestApp } from "../../test/support/test-app.js";

describe("knowledge-base language", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(() => test.close());

  const ingest = async (experienceId: string, documents: MultilingualCase["documents"]) => {
    const accepted = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: test.adminHeaders,
      payload: { experienceId, documents },
    });
    expect(accepted.statusCode).toBe(202);
    const job = await waitForJob(test.app, accepted.json<IngestionJob>().jobId);
    expect(job).toMatchObject({ status: "completed", failed: 0 });
  };

  /** The external id of the answer's first source, or null when the engine declined. */
  const firstSource = async (experienceId: string, text: string): Promise<string | null> => {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { experienceId, text },
    });
    expect(response.statusCode).toBe(200);
    const answer = response.json<QueryResponse>();
    const first = answer.answered === false ? undefined : answer.sources[0];
    if (!first) return null;
    const documents = await test.app.nexus.store.knowledge.listDocuments(experienceId);
    return documents.find((document) => document.id === first.id)?.externalId ?? null;
  };

  const patch = (id: string, payload: object) =>
    test.app.inject({
      method: "PATCH",
      url: `/api/v2/admin/experiences/${id}`,
      headers: test.adminHeaders,
      payload,
    });

  it.each(multilingualCases.map((entry) => [entry.language, entry] as const))(
    "answers every %s question only with the language set",
    async (language, entry) => {
      const local = await test.createExperience({
        id: "local",
        name: "Local",
        knowledgeLanguage: language,
      });
      expect(local.knowledgeLanguage).toBe(language);
      await test.createExperience({ id: "english", name: "English" });
      await ingest("local", entry.documents);
      await ingest("english", entry.documents);
      let local_hits = 0;
      let english_hits = 0;
      for (const question of entry.questions) {
        expect(await firstSource("local", question.text), question.text).toBe(question.expected);
        local_hits += 1;
        if ((await firstSource("english", question.text)) === question.expected) english_hits += 1;
      }
      expect(local_hits).toBe(entry.questions.length);
      // English stemming finds some by luck (a plural's -s), never all of them.
      expect(english_hits).toBeLessThan(entry.questions.length);
    },
  );

  it("indexes the passages again when the language changes", async () => {
    const created = await test.createExperience({ id: "shop", name: "Shop" });
    expect(created.knowledgeLanguage).toBe("en");
    const spanish = multilingualCases.find((entry) => entry.language === "es")!;
    await ingest("shop", spanish.documents);
    const question = "¿Me reembolsarán el dinero?";
    expect(await firstSource("shop", question)).toBeNull();

    const changed = await patch("shop", { knowledgeLanguage: "es" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<Experience>().knowledgeLanguage).toBe("es");
    expect(await firstSource("shop", question)).toBe("reembolsos.md");
    // A document imported after the change is indexed in the new language too.
    await ingest("shop", [
      { externalId: "regalos.md", content: "# Regalos\n\nEnvolvemos los regalos sin coste." },
    ]);
    expect(await firstSource("shop", "¿Envuelven un regalo?")).toBe("regalos.md");

    // Another change of something else leaves the index alone; back to English undoes it.
    expect((await patch("shop", { name: "Tienda" })).statusCode).toBe(200);
    expect(await firstSource("shop", question)).toBe("reembolsos.md");
    expect((await patch("shop", { knowledgeLanguage: "en" })).statusCode).toBe(200);
    expect(await firstSource("shop", question)).toBeNull();
    expect(await test.app.nexus.store.knowledge.countIndexedPassages()).toBe(5);
  });

  it("finds Chinese words inside unbroken text by pairs of characters", async () => {
    const documents = [
      {
        externalId: "returns.md",
        content: "# 退货政策\n\n商品在三十天内可以办理退货，运费由我们承担。",
      },
      { externalId: "hours.md", content: "# 营业时间\n\n门店每天上午九点开门，晚上八点关门。" },
    ];
    await test.createExperience({ id: "zh", name: "Chinese", knowledgeLanguage: "zh-CN" });
    await test.createExperience({ id: "plain", name: "Plain" });
    await ingest("zh", documents);
    await ingest("plain", documents);
    expect(await firstSource("zh", "怎么退货？")).toBe("returns.md");
    expect(await firstSource("zh", "几点开门")).toBe("hours.md");
    // FTS5's unicode61 (and PostgreSQL's parser) see each unbroken run as one word.
    expect(await firstSource("plain", "怎么退货？")).toBeNull();
  });

  it("refuses an unknown language with the supported ones named", async () => {
    const created = await test.app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers: test.adminHeaders,
      payload: { id: "bad", name: "Bad", knowledgeLanguage: "klingon" },
    });
    expect(created.statusCode).toBe(400);
    const message = created.json<{ message: string }>().message;
    expect(message).toContain('knowledgeLanguage: "klingon" is not a supported language');
    expect(message).toContain("en, es, fr, de, pt, it, nl, ja, zh-CN, ar, he");
    await test.createExperience({ id: "good", name: "Good" });
    const patched = await patch("good", { knowledgeLanguage: "EN" });
    expect(patched.statusCode).toBe(400);
    expect(patched.json<{ message: string }>().message).toContain('"EN" is not a supported');
    expect((await patch("good", { knowledgeLanguage: 7 })).statusCode).toBe(400);
  });
});
