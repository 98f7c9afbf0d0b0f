import type { KnowledgeLanguage } from "@nexus-chat/protocol";

/**
 * Small knowledge bases in Spanish, French and German, written for the knowledge-language tests
 * (and the quality benchmark's row of them), each with questions that use another form of the
 * passage's words than the passage does (a verb's other person or tense, singular for plural),
 * and none of the passage's words as written: found by the language's stemming, not by accident.
 */
export interface MultilingualCase {
  language: Exclude<KnowledgeLanguage, "en">;
  documents: Array<{ externalId: string; content: string }>;
  /** Each question with the external id of the document that answers it. */
  questions: Array<{ text: string; expected: string }>;
}

export const multilingualCases: MultilingualCase[] = [
  {
    language: "es",
    documents: [
      {
        externalId: "reembolsos.md",
        content:
          "# Reembolsos\n\nReembolsamos cada compra devuelta en un plazo de cinco días hábiles.",
      },
      {
        externalId: "envios.md",
        content: "# Envíos\n\nEnviamos todos los pedidos por mensajería urgente desde Madrid.",
      },
      {
        externalId: "garantia.md",
        content: "# Garantía\n\nLos aparatos electrónicos están garantizados durante dos años.",
      },
      {
        externalId: "tiendas.md",
        content: "# Tiendas\n\nAbrimos nuestras tiendas físicas de lunes a sábado.",
      },
    ],
    questions: [
      { text: "¿Me reembolsarán el dinero?", expected: "reembolsos.md" },
      { text: "¿Cómo envían los paquetes?", expected: "envios.md" },
      { text: "¿Qué garantizan?", expected: "garantia.md" },
      { text: "¿Cuándo abren la tienda?", expected: "tiendas.md" },
    ],
  },
  {
    language: "fr",
    documents: [
      {
        externalId: "remboursements.md",
        content:
          "# Remboursements\n\nNous remboursons chaque commande retournée sous dix jours ouvrés.",
      },
      {
        externalId: "livraison.md",
        content: "# Livraison\n\nLes colis sont livrés partout en Europe en trois jours.",
      },
      {
        externalId: "magasins.md",
        content: "# Magasins\n\nNos boutiques ouvrent à neuf heures du lundi au samedi.",
      },
      {
        externalId: "compte.md",
        content: "# Compte\n\nVous pouvez supprimer définitivement votre compte client.",
      },
    ],
    questions: [
      { text: "Rembourserez-vous mon argent ?", expected: "remboursements.md" },
      { text: "Livrez-vous à l'étranger ?", expected: "livraison.md" },
      { text: "À quelle heure ouvre la boutique ?", expected: "magasins.md" },
      { text: "Comment supprimerais-je mon compte ?", expected: "compte.md" },
    ],
  },
  {
    language: "de",
    documents: [
      {
        externalId: "ruecksendungen.md",
        content:
          "# Rücksendungen\n\nWir akzeptieren Rücksendungen innerhalb von dreißig Tagen nach dem Kauf.",
      },
      {
        externalId: "lieferung.md",
        content: "# Versand\n\nWir liefern alle Bestellungen mit einem schnellen Kurierdienst.",
      },
      {
        externalId: "konto.md",
        content: "# Kundenkonto\n\nSie können Ihr Kundenkonto jederzeit dauerhaft löschen.",
      },
      {
        externalId: "filialen.md",
        content: "# Filialen\n\nUnsere Filialen öffnen montags bis samstags um neun Uhr.",
      },
    ],
    questions: [
      { text: "Wie funktioniert eine Rücksendung?", expected: "ruecksendungen.md" },
      { text: "Liefert ihr eine Bestellung ins Ausland?", expected: "lieferung.md" },
      { text: "Wie lösche ich mein Kundenkontos?", expected: "konto.md" },
      { text: "Wann öffnet die Filiale?", expected: "filialen.md" },
    ],
  },
];
