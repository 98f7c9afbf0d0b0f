import { knowledgeLanguages } from "@nexus-chat/protocol";
import { describe, expect, it } from "vitest";
import { extractSearchTerms } from "../engine/search-terms.js";
import { toTsQueryLiteral, toTsVectorLiteral } from "./dialects/postgres/postgres-passage-index.js";
import { analysedByServer, analyseTerm, analyseText, questionWords } from "./text-analysis.js";

describe("analyseText", () => {
  it("gives a word's inflections one token in each stemmed language", () => {
    const same: Array<[Parameters<typeof analyseText>[1], string[]]> = [
      ["es", ["reembolsamos", "reembolsarán", "reembolsar"]],
      ["es", ["zapato", "zapatos"]],
      ["fr", ["rembourser", "rembourserez", "remboursé"]],
      ["fr", ["chaussure", "chaussures"]],
      ["de", ["Rücksendung", "Rücksendungen"]],
      ["pt", ["devolução", "devoluções"]],
      ["it", ["spedizione", "spedizioni"]],
      ["nl", ["bestelling", "bestellingen"]],
      ["ar", ["الكتاب", "كتاب"]],
    ];
    for (const [language, words] of same) {
      const tokens = words.map((word) => analyseText(word, language));
      for (const token of tokens) {
        expect(token, `${language}: ${words.join(", ")}`).toHaveLength(1);
        expect(token, `${language}: ${words.join(", ")}`).toEqual(tokens[0]);
      }
    }
  });

  it("drops the language's stop words and folds accents after stemming", () => {
    expect(analyseText("Las devoluciones de los zapatos", "es")).toEqual(["devolu", "zapat"]);
    expect(analyseText("Les chaussures sont remboursées", "fr")).toEqual(["chaussur", "rembours"]);
    // Only the language's own stop words: "the" is a word like any other in Spanish.
    expect(analyseText("the", "es")).toEqual(["the"]);
    // Vowel signs go with the fold, as the indexes drop them.
    expect(analyseText("مَكْتَبَة", "ar")).toEqual(analyseText("مكتبة", "ar"));
  });

  it("keeps Hebrew words whole and only folds them", () => {
    expect(analyseText("מדיניות החזרות", "he")).toEqual(["מדיניות", "החזרות"]);
  });

  it("splits Chinese and Japanese runs into overlapping pairs of characters", () => {
    expect(analyseText("退货政策", "zh-CN")).toEqual(["退货", "货政", "政策"]);
    expect(analyseText("iPhone手机", "zh-CN")).toEqual(["iphone", "手机"]);
    expect(analyseText("店", "zh-CN")).toEqual(["店"]);
    // The prolonged sound mark stays with its katakana word.
    expect(analyseText("ポリシー", "ja")).toEqual(["ポリ", "リシ", "シー"]);
  });

  it("leaves English to the databases' own stemmers", () => {
    expect(analysedByServer("en")).toBe(false);
    expect(knowledgeLanguages.filter(analysedByServer)).toHaveLength(knowledgeLanguages.length - 1);
    expect(analyseText("Running shoes", "en")).toEqual(["running", "shoes"]);
    expect(analyseTerm("running", "en")).toEqual(["running"]);
  });
});

describe("question words", () => {
  it("are the language's words without its stop words, not yet stemmed", () => {
    expect(questionWords("¿Me reembolsarán el dinero?", "es")).toEqual(["reembolsarán", "dinero"]);
    expect(extractSearchTerms("¿Me reembolsarán el dinero?", "es")).toEqual([
      "reembolsarán",
      "dinero",
    ]);
    expect(analyseTerm("reembolsarán", "es")).toEqual(analyseText("reembolsamos", "es"));
    expect(analyseTerm("el", "es")).toEqual([]);
    expect(extractSearchTerms("怎么退货？", "zh-CN")).toEqual(["怎么", "么退", "退货"]);
  });

  it("stay exactly as before for English", () => {
    expect(extractSearchTerms("How do I return the shoes?")).toEqual(["return", "shoes"]);
    expect(extractSearchTerms("How do I return the shoes?", "en")).toEqual(["return", "shoes"]);
  });
});

describe("PostgreSQL literals of the server's tokens", () => {
  it("writes each token once with its positions, quoted", () => {
    expect(toTsVectorLiteral("zapat devolu zapat")).toBe("'zapat':1,3 'devolu':2");
    expect(toTsVectorLiteral("")).toBe("");
    expect(toTsVectorLiteral("l'eau a\\b")).toBe("'l''eau':1 'a\\\\b':2");
  });

  it("keeps within PostgreSQL's limits on positions", () => {
    const literal = toTsVectorLiteral(Array.from({ length: 20_000 }, () => "word").join(" "));
    const positions = literal.split(":")[1]!.split(",");
    expect(positions).toHaveLength(256);
    expect(toTsVectorLiteral(`${"x".repeat(600)} ok`)).toBe("'ok':1");
  });

  it("joins a step's tokens by & or |", () => {
    expect(toTsQueryLiteral({ operator: "AND", terms: ["zapat", "devolu"] })).toBe(
      "'zapat' & 'devolu'",
    );
    expect(toTsQueryLiteral({ operator: "OR", terms: ["a"] })).toBe("'a'");
  });
});
