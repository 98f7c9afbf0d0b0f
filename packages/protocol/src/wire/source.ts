/** A knowledge-base passage an answer was drawn from. */
export interface Source {
  /** The document's id. */
  id: string;
  title: string;
  /** Where the document lives, when it has a public address. */
  url: string | null;
  /** A short excerpt of the passage used. */
  snippet: string;
  /** Relevance, higher is better; comparable within one answer only. */
  score: number;
}
