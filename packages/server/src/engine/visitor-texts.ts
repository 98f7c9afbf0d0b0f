import type { Experience } from "@nexus-chat/protocol";

/** What the server itself says to a visitor (not the knowledge base's words). */
export interface VisitorTexts {
  /** The answer when the knowledge base has nothing relevant. */
  notFound: string;
  /** The hand-over button offered with it. */
  talkToAgent: string;
}

/** By language, in the widget's language list; English is the fallback. */
const texts: Record<string, VisitorTexts> = {
  en: {
    notFound:
      "I couldn't find anything about that in this assistant's knowledge base. Try asking in other words, or talk to a person.",
    talkToAgent: "Talk to an agent",
  },
  es: {
    notFound:
      "No encontré nada sobre eso en la base de conocimientos de este asistente. Prueba a preguntarlo de otra forma o habla con una persona.",
    talkToAgent: "Hablar con un agente",
  },
  fr: {
    notFound:
      "Je n’ai rien trouvé à ce sujet dans la base de connaissances de cet assistant. Reformulez votre question ou parlez à un conseiller.",
    talkToAgent: "Parler à un conseiller",
  },
  de: {
    notFound:
      "Dazu habe ich in der Wissensdatenbank dieses Assistenten nichts gefunden. Formulieren Sie die Frage anders oder sprechen Sie mit einem Menschen.",
    talkToAgent: "Mit einem Mitarbeiter sprechen",
  },
  pt: {
    notFound:
      "Não encontrei nada sobre isso na base de conhecimento deste assistente. Tente perguntar de outra forma ou fale com uma pessoa.",
    talkToAgent: "Falar com um atendente",
  },
  it: {
    notFound:
      "Non ho trovato nulla su questo nella base di conoscenza dell’assistente. Prova a chiederlo in altro modo o parla con una persona.",
    talkToAgent: "Parla con un operatore",
  },
  nl: {
    notFound:
      "Ik kon hierover niets vinden in de kennisbank van deze assistent. Stel je vraag anders of praat met een medewerker.",
    talkToAgent: "Praat met een medewerker",
  },
  ja: {
    notFound:
      "このアシスタントのナレッジベースには、該当する情報が見つかりませんでした。言い方を変えて質問するか、担当者にご相談ください。",
    talkToAgent: "担当者と話す",
  },
  "zh-CN": {
    notFound: "在此助手的知识库中没有找到相关内容。请换个说法再问，或联系人工客服。",
    talkToAgent: "转人工客服",
  },
  ar: {
    notFound:
      "لم أجد أي معلومات عن ذلك في قاعدة معارف هذا المساعد. جرّب صياغة سؤالك بطريقة أخرى، أو تحدّث إلى أحد موظفي الدعم.",
    talkToAgent: "التحدث إلى موظف",
  },
  he: {
    notFound: "לא מצאתי מידע על זה במאגר הידע של העוזר. אפשר לנסח את השאלה אחרת או לדבר עם נציג/ה.",
    talkToAgent: "שיחה עם נציג/ה",
  },
};

/** The table's language for a BCP 47 tag: exact, else by language (`zh-*` → `zh-CN`). */
function match(tag: string): string | undefined {
  const clean = tag.trim().replace(/_/g, "-").toLowerCase();
  const exact = Object.keys(texts).find((language) => language.toLowerCase() === clean);
  if (exact) return exact;
  const language = clean.split("-")[0] ?? "";
  if (language === "zh") return "zh-CN";
  if (language === "iw") return "he";
  return Object.hasOwn(texts, language) ? language : undefined;
}

/** The languages of an `Accept-Language` header, best first (`q=0` ones left out). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The language the server speaks to a visitor: the request's `Accept-Language` (the widget sends
 * its locale there), else the experience's widget `locale`, else English.
 */
export function visitorLanguage(
  acceptLanguage: string | undefined,
  experience: Pick<Experience, "widget"> | undefined,
): string {
  const experienceLocale = experience?.widget?.locale;
  for (const tag of [
    ...acceptedLanguages(acceptLanguage),
    typeof experienceLocale === "string" ? experienceLocale : "",
  ]) {
    const found = tag && match(tag);
    if (found) return found;
  }
  return "en";
}

/** The server's own visitor-facing texts in a language (English when it has none). */
export function visitorTexts(language = "en"): VisitorTexts {
  return texts[match(language) ?? "en"] ?? (texts.en as VisitorTexts);
}
