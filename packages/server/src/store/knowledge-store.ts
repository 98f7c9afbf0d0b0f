import {
  defaultKnowledgeLanguage,
  isKnowledgeLanguage,
  type ActionsBlock,
  type KnowledgeLanguage,
} from "@nexus-chat/protocol";
import { sql, type Kysely } from "kysely";
import type { ChangeFeed } from "./change-feed.js";
import type { DatabaseSchema } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { PassageIndex, PassageMatch, PassageRow, PassageToIndex } from "./passage-index.js";
import { planSearch, type SearchPlan } from "./search-plan.js";
import { TermStatistics } from "./term-statistics.js";
import { analysedByServer, analyseTerm, analyseText } from "./text-analysis.js";

/**
 * Passages that must contain every useful term of a question for the search to stop there;
 * with fewer, it widens to passages containing any of them. Ten is enough to rank documents by
 * their best two passages and still leave a choice.
 */
const narrowSearchMinimumHits = 10;

/** A passage with what an answer needs to cite its document. */
export interface PassageWithDocument extends Omit<PassageRow, "actions"> {
  actions: ActionsBlock | null;
}

/** A search's matches, best first, with the passages matched (any order). */
export interface CandidatePassages {
  matches: PassageMatch[];
  passages: PassageWithDocument[];
}

function toPassage(row: PassageRow): PassageWithDocument {
  return { ...row, actions: readJson<ActionsBlock | null>(row.actions, null) };
}

/** A stored language, or English for a value this server does not know. */
function toLanguage(value: string | null | undefined): KnowledgeLanguage {
  return isKnowledgeLanguage(value) ? value : defaultKnowledgeLanguage;
}

/**
 * The language of an experience's knowledge base (English when unknown), read in the caller's
 * transaction by an update that changes nothing: it holds the experience's row until that
 * transaction ends, so a change of language (which indexes every passage again) waits for
 * passages being indexed in the old one, or they wait for it and are indexed in the new one.
 * A plain read would not wait on PostgreSQL.
 */
async function knowledgeLanguageOf(
  transaction: Kysely<DatabaseSchema>,
  experienceId: string,
): Promise<KnowledgeLanguage> {
  const row = await transaction
    .updateTable("experiences")
    .set({ knowledge_language: sql<string>`knowledge_language` })
    .where("id", "=", experienceId)
    .returning("knowledge_language")
    .executeTakeFirst();
  return toLanguage(row?.knowledge_language);
}

/**
 * A passage as the index takes it in this language: as it is for English (the database stems
 * it), else as the server's tokens (see `text-analysis.ts`).
 */
function inLanguage(passage: PassageToIndex, language: KnowledgeLanguage): PassageToIndex {
  if (!analysedByServer(language)) return passage;
  const tokens = (text: string) => analyseText(text, language).join(" ");
  return {
    passageId: passage.passageId,
    experienceId: passage.experienceId,
    title: tokens(passage.title),
    heading: tokens(passage.heading),
    body: tokens(passage.body),
    analysed: true,
  };
}

/** Passages read back per batch when an experience is indexed again. */
const reindexBatch = 500;

/** A stored document as the admin routes list it. */
export interface KnowledgeDocumentSummary {
  id: string;
  externalId: string | null;
  title: string;
  url: string | null;
  format: string;
  updatedAt: string;
  passages: number;
}

/** A document ready to store, already split into passages. */
export interface DocumentToStore {
  experienceId: string;
  externalId: string | null;
  title: string;
  url: string | null;
  format: string;
  contentHash: string;
  metadata: Record<string, unknown>;
  actions: ActionsBlock | null;
  passages: ReadonlyArray<{ heading: string; body: string }>;
}

/** Passages changed by one job from which {@link KnowledgeStore.importEnded} refreshes statistics. */
const largeImportPassages = 500;

/** Knowledge-base documents and their searchable passages. */
export class KnowledgeStore {
  private readonly statistics: TermStatistics;

  /**
   * @param index the dialect's full-text index, which these passages are added to.
   * @param isUniqueViolation the dialect's test for a unique-constraint error.
   */
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly index: PassageIndex,
    changes: ChangeFeed,
    private readonly isUniqueViolation: (error: unknown) => boolean,
  ) {
    this.statistics = new TermStatistics(index, changes);
  }

  /**
   * Called when an import or a re-index has ended: after a large one, the database's statistics
   * of the passages are refreshed at once rather than whenever it next gets round to it.
   */
  async importEnded(passagesChanged: number): Promise<void> {
    if (passagesChanged >= largeImportPassages) await this.index.refreshStatistics?.();
  }

  /** The stored document with this key or, without a key, this exact content. */
  async findDocument(
    experienceId: string,
    externalId: string | null,
    contentHash: string,
  ): Promise<{ id: string; contentHash: string } | undefined> {
    let query = this.db
      .selectFrom("documents")
      .select(["id", "content_hash"])
      .where("experience_id", "=", experienceId);
    query =
      externalId === null
        ? query.where("content_hash", "=", contentHash).where("external_id", "is", null)
        : query.where("external_id", "=", externalId);
    const row = await query.executeTakeFirst();
    return row ? { id: row.id, contentHash: row.content_hash } : undefined;
  }

  /**
   * Stores a document; one with the same external id in the experience is replaced, passages
   * and all, in the same transaction, so that a reader sees the old document or the new one,
   * never a document with part of its passages. Returns its id.
   */
  async saveDocument(documentId: string, document: DocumentToStore): Promise<string> {
    try {
      await this.db
        .transaction()
        .execute((transaction) => this.replaceDocument(transaction, documentId, document));
    } catch (error) {
      // Two processes replacing one document at once: the second insert met the first's row
      // (unique external id) once it committed. Replace that one now.
      if (document.externalId === null || !this.isUniqueViolation(error)) throw error;
      await this.db
        .transaction()
        .execute((transaction) => this.replaceDocument(transaction, documentId, document));
    }
    this.statistics.clear();
    return documentId;
  }

  private async replaceDocument(
    transaction: Kysely<DatabaseSchema>,
    documentId: string,
    document: DocumentToStore,
  ): Promise<void> {
    const now = new Date().toISOString();
    if (document.externalId !== null) {
      const previous = await transaction
        .selectFrom("documents")
        .select("id")
        .where("experience_id", "=", document.experienceId)
        .where("external_id", "=", document.externalId)
        .executeTakeFirst();
      if (previous) await this.removeDocument(transaction, previous.id);
    }
    await transaction
      .insertInto("documents")
      .values({
        id: documentId,
        experience_id: document.experienceId,
        external_id: document.externalId,
        title: document.title,
        url: document.url,
        format: document.format,
        content_hash: document.contentHash,
        metadata: JSON.stringify(document.metadata),
        actions: document.actions ? JSON.stringify(document.actions) : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const language = await knowledgeLanguageOf(transaction, document.experienceId);
    const indexed: PassageToIndex[] = [];
    for (const [position, passage] of document.passages.entries()) {
      const row = await transaction
        .insertInto("passages")
        .values({
          document_id: documentId,
          experience_id: document.experienceId,
          position,
          heading: passage.heading,
          body: passage.body,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      indexed.push(
        inLanguage(
          {
            passageId: row.id,
            experienceId: document.experienceId,
            title: document.title,
            heading: passage.heading,
            body: passage.body,
          },
          language,
        ),
      );
    }
    await this.index.index(transaction, indexed);
  }

  /** Removes documents of an experience whose external id starts with `prefix` and is not kept. */
  async removeDocumentsExcept(
    experienceId: string,
    prefix: string,
    keep: ReadonlySet<string>,
  ): Promise<number> {
    const rows = await this.db
      .selectFrom("documents")
      .select(["id", "external_id"])
      .where("experience_id", "=", experienceId)
      .where("external_id", "like", `${prefix}%`)
      .execute();
    let removed = 0;
    for (const row of rows) {
      if (row.external_id !== null && keep.has(row.external_id)) continue;
      await this.db
        .transaction()
        .execute((transaction) => this.removeDocument(transaction, row.id));
      removed += 1;
    }
    if (removed > 0) this.statistics.clear();
    return removed;
  }

  /** The experience's documents with their passage counts, newest first. */
  async listDocuments(experienceId: string): Promise<KnowledgeDocumentSummary[]> {
    const rows = await this.db
      .selectFrom("documents")
      .leftJoin("passages", "passages.document_id", "documents.id")
      .select((expression) => [
        "documents.id as id",
        "documents.external_id as externalId",
        "documents.title as title",
        "documents.url as url",
        "documents.format as format",
        "documents.updated_at as updatedAt",
        expression.fn.count<number>("passages.id").as("passages"),
      ])
      .where("documents.experience_id", "=", experienceId)
      .groupBy("documents.id")
      .orderBy("documents.updated_at", "desc")
      .execute();
    return rows.map((row) => ({ ...row, passages: Number(row.passages) }));
  }

  /** Deletes one document of an experience and its passages; false when there is none. */
  async deleteDocument(experienceId: string, documentId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("documents")
      .select("id")
      .where("id", "=", documentId)
      .where("experience_id", "=", experienceId)
      .executeTakeFirst();
    if (!row) return false;
    await this.db.transaction().execute((transaction) => this.removeDocument(transaction, row.id));
    this.statistics.clear();
    return true;
  }

  /**
   * The experience's passages best matching the terms (BM25), at most `limit`. Terms no passage
   * contains are left out, and so are very common ones; passages containing all the remaining
   * terms are searched first (see {@link planSearch}).
   */
  async search(
    experienceId: string,
    terms: readonly string[],
    limit: number,
    language: KnowledgeLanguage = defaultKnowledgeLanguage,
  ): Promise<PassageMatch[]> {
    const plan = await this.planSearch(terms, undefined, language);
    if (plan.steps.length === 0) return [];
    return (await this.index.search(experienceId, plan, limit, false)).matches;
  }

  /**
   * {@link search}, and the matched passages with their documents. With SQLite's search workers
   * the passages are read on the worker too: the main thread only plans and receives the result.
   */
  async searchWithPassages(
    experienceId: string,
    terms: readonly string[],
    limit: number,
    alternatives?: ReadonlyMap<string, readonly string[]>,
    language: KnowledgeLanguage = defaultKnowledgeLanguage,
  ): Promise<CandidatePassages> {
    const plan = await this.planSearch(terms, alternatives, language);
    if (plan.steps.length === 0) return { matches: [], passages: [] };
    const found = await this.index.search(experienceId, plan, limit, true);
    return { matches: found.matches, passages: found.passages.map(toPassage) };
  }

  /**
   * Adds passages already stored through `db` (copied with their ids by `copy-data`) to the
   * index, with their documents' titles.
   */
  async indexCopiedPassages(
    db: Kysely<DatabaseSchema>,
    passageIds: readonly number[],
  ): Promise<void> {
    if (passageIds.length === 0) return;
    const rows = await db
      .selectFrom("passages")
      .innerJoin("documents", "documents.id", "passages.document_id")
      .innerJoin("experiences", "experiences.id", "passages.experience_id")
      .select([
        "passages.id as passageId",
        "passages.experience_id as experienceId",
        "documents.title as title",
        "passages.heading as heading",
        "passages.body as body",
        "experiences.knowledge_language as language",
      ])
      .where("passages.id", "in", passageIds)
      .execute();
    await this.index.index(
      db,
      rows.map(({ language, ...passage }) => inLanguage(passage, toLanguage(language))),
    );
    this.statistics.clear();
  }

  /** How many passages the full-text index holds, through `db` when given. */
  async countIndexedPassages(db?: Kysely<DatabaseSchema>): Promise<number> {
    return this.index.countIndexedPassages(db);
  }

  /** Forgets the cached term counts: passages were added or removed elsewhere than here. */
  forgetTermCounts(): void {
    this.statistics.clear();
  }

  /**
   * The plan {@link search} follows for these terms; a term with alternatives (synonyms,
   * spelling corrections) matches a passage holding any of them.
   */
  async planSearch(
    terms: readonly string[],
    alternatives?: ReadonlyMap<string, readonly string[]>,
    language: KnowledgeLanguage = defaultKnowledgeLanguage,
  ): Promise<SearchPlan> {
    const analysed = analysedByServer(language);
    if (analysed) ({ terms, alternatives } = analyseSearchTerms(terms, alternatives, language));
    const words = alternatives
      ? [...new Set(terms.flatMap((term) => [term, ...(alternatives.get(term) ?? [])]))]
      : terms;
    const { frequencies, totalPassages } = await this.statistics.count(words, analysed);
    const plan = planSearch(
      terms,
      (term) => frequencies.get(term) ?? 0,
      totalPassages,
      narrowSearchMinimumHits,
      alternatives,
    );
    return analysed ? { ...plan, analysed } : plan;
  }

  /** How many passages (of every experience) contain each term, after stemming. */
  async countTerms(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    return (await this.statistics.count(terms)).frequencies;
  }

  /**
   * Words of the index's vocabulary (stemmed, as the index stores them) that start with the same
   * letter as `term` and are at most `lengthSlack` letters shorter or longer: the candidates a
   * spelling correction chooses from (see {@link PassageIndex.vocabularyNear}).
   */
  async vocabularyNear(experienceId: string, term: string, lengthSlack: number): Promise<string[]> {
    return this.index.vocabularyNear(experienceId, term, lengthSlack);
  }

  /** The passages with these ids (any order), with their documents' title, URL and actions. */
  async getPassages(passageIds: readonly number[]): Promise<PassageWithDocument[]> {
    return (await this.index.loadPassages(passageIds)).map(toPassage);
  }

  async countPassages(experienceId: string): Promise<number> {
    const row = await this.db
      .selectFrom("passages")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .where("experience_id", "=", experienceId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async countDocuments(experienceId: string): Promise<number> {
    const row = await this.db
      .selectFrom("documents")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .where("experience_id", "=", experienceId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** The ids of an experience's documents, oldest first (what a re-index goes through). */
  async listDocumentIds(experienceId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("documents")
      .select("id")
      .where("experience_id", "=", experienceId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Builds a document's entries in the full-text index again from its stored passages (after
   * the index lost or mangled them, or its tokenizer or weights changed), in one transaction:
   * searches see the old entries or the new, never none. Returns how many passages were
   * indexed, or `undefined` when the experience has no such document.
   */
  async reindexDocument(experienceId: string, documentId: string): Promise<number | undefined> {
    const passages = await this.db.transaction().execute(async (transaction) => {
      const document = await transaction
        .selectFrom("documents")
        .select(["id", "title"])
        .where("id", "=", documentId)
        .where("experience_id", "=", experienceId)
        .executeTakeFirst();
      if (!document) return undefined;
      const language = await knowledgeLanguageOf(transaction, experienceId);
      const rows = await transaction
        .selectFrom("passages")
        .select(["id", "heading", "body"])
        .where("document_id", "=", documentId)
        .orderBy("position")
        .execute();
      await this.index.unindex(
        transaction,
        rows.map((row) => row.id),
      );
      await this.index.index(
        transaction,
        rows.map((row) =>
          inLanguage(
            {
              passageId: row.id,
              experienceId,
              title: document.title,
              heading: row.heading,
              body: row.body,
            },
            language,
          ),
        ),
      );
      return rows.length;
    });
    this.statistics.clear();
    return passages;
  }

  /**
   * Indexes every passage of an experience again in the given language, through `db` (the
   * transaction that stores the experience's new language, so that searches see the old index
   * or the new one, never a mix). Returns how many passages were indexed.
   */
  async reindexExperience(
    db: Kysely<DatabaseSchema>,
    experienceId: string,
    language: KnowledgeLanguage,
  ): Promise<number> {
    await this.index.unindexExperience(db, experienceId);
    let indexed = 0;
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom("passages")
        .innerJoin("documents", "documents.id", "passages.document_id")
        .select([
          "passages.id as passageId",
          "passages.experience_id as experienceId",
          "documents.title as title",
          "passages.heading as heading",
          "passages.body as body",
        ])
        .where("passages.experience_id", "=", experienceId)
        .where("passages.id", ">", after)
        .orderBy("passages.id")
        .limit(reindexBatch)
        .execute();
      if (rows.length === 0) break;
      // Out of the index already (above), or overwritten in place (PostgreSQL's vector column).
      await this.index.index(
        db,
        rows.map((row) => inLanguage(row, language)),
      );
      indexed += rows.length;
      after = rows.at(-1)!.passageId;
      if (rows.length < reindexBatch) break;
    }
    this.statistics.clear();
    return indexed;
  }

  private async removeDocument(db: Kysely<DatabaseSchema>, documentId: string): Promise<void> {
    const passages = await db
      .selectFrom("passages")
      .select("id")
      .where("document_id", "=", documentId)
      .execute();
    await this.index.unindex(
      db,
      passages.map((passage) => passage.id),
    );
    await db.deleteFrom("passages").where("document_id", "=", documentId).execute();
    await db.deleteFrom("documents").where("id", "=", documentId).execute();
  }
}

/**
 * A question's terms and their alternatives as the server's tokens of the language: each term
 * becomes its token (a stop word, none), terms sharing a token become one, and alternatives are
 * reduced the same way.
 */
function analyseSearchTerms(
  terms: readonly string[],
  alternatives: ReadonlyMap<string, readonly string[]> | undefined,
  language: KnowledgeLanguage,
): { terms: string[]; alternatives?: Map<string, string[]> } {
  const tokens: string[] = [];
  const tokenAlternatives = new Map<string, string[]>();
  for (const term of terms) {
    for (const token of analyseTerm(term, language)) {
      if (!tokens.includes(token)) tokens.push(token);
      const others = (alternatives?.get(term) ?? []).flatMap((word) => analyseTerm(word, language));
      const list = tokenAlternatives.get(token) ?? [];
      for (const other of others) if (other !== token && !list.includes(other)) list.push(other);
      if (list.length > 0) tokenAlternatives.set(token, list);
    }
  }
  return tokenAlternatives.size > 0
    ? { terms: tokens, alternatives: tokenAlternatives }
    : { terms: tokens };
}
