import type { Session, Turn } from "./session.js";

/** What an operator may do: `admin` manages everything; `agent` reads conversations and analytics. */
export type OperatorRole = "admin" | "agent";

/** A person who signs in to the console. */
export interface Operator {
  operatorId: string;
  email: string;
  displayName: string;
  role: OperatorRole;
  /** A disabled operator cannot sign in, and their sessions have ended. */
  disabled: boolean;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or `null` before the first sign-in. */
  lastSignInAt: string | null;
  /**
   * The experiences whose live conversations the operator sees and takes in the Inbox; `null`
   * (the default) is every experience.
   */
  experienceIds?: string[] | null;
}

/** Body of `POST /console/sign-in`. */
export interface ConsoleSignInRequest {
  email: string;
  password: string;
}

/**
 * `POST /console/sign-in` and `GET /console/session`: who is signed in, and the token every
 * state-changing console request must carry in the `X-CSRF-Token` header.
 */
export interface ConsoleSession {
  operator: Operator;
  csrfToken: string;
  /** ISO 8601: when the session ends unless it is used before. */
  expiresAt: string;
}

/** Body of `POST /console/operators`. */
export interface CreateOperatorRequest {
  email: string;
  displayName: string;
  role: OperatorRole;
  /** At least 10 characters. */
  password: string;
  /** @default null (every experience) */
  experienceIds?: string[] | null;
}

/** Body of `PATCH /console/operators/:id`; disabling ends the operator's sessions at once. */
export interface UpdateOperatorRequest {
  displayName?: string;
  role?: OperatorRole;
  disabled?: boolean;
  /** A new password; the operator's sessions end. */
  password?: string;
  experienceIds?: string[] | null;
}

/** An API client as the console lists it (never its secret). */
export interface ApiClientSummary {
  clientId: string;
  name: string;
  scopes: string[];
  experienceIds: string[] | null;
  createdAt: string;
  /** ISO 8601 once revoked: the client can no longer get or refresh tokens. */
  revokedAt: string | null;
}

/** A page of a longer list. */
export interface Page<Item> {
  items: Item[];
  /** How many items match, over every page. */
  total: number;
  offset: number;
  limit: number;
  /**
   * Where the next page starts, for lists paged by cursor (the conversations): pass it back as
   * `after`. `null` on the last page; absent on lists paged by offset only.
   */
  nextCursor?: string | null;
  /**
   * `true` when more items match than were counted, and `total` is where counting stopped: a
   * conversation search counts up to 1,000 matches (counting every session that holds a common
   * word would read them all). Absent when `total` is exact.
   */
  totalIsLowerBound?: boolean;
}

/** `GET /console/assistants/:id/embed`: what a site pastes into its pages. */
export interface EmbedSnippet {
  /** `<script>` tags loading the widget and starting it. */
  html: string;
  /** The same for a bundler: `import { init } from "@nexus-chat/widget"`. */
  module: string;
}

/** One document of a knowledge base, as the console lists it. */
export interface ConsoleDocument {
  documentId: string;
  title: string;
  url: string | null;
  format: string;
  externalId: string | null;
  passages: number;
  createdAt: string;
  updatedAt: string;
}

/** A passage as the answer engine searches it. */
export interface ConsolePassage {
  passageId: number;
  position: number;
  heading: string;
  body: string;
}

/** Whether an answer answered the question: `null` when the engine did not say. */
export type AnsweredState = boolean | null;

/** Filters shared by the conversations list, its export and the analytics. */
export interface ConversationFilters {
  /** ISO 8601 date or date-time, inclusive. */
  from?: string;
  /** ISO 8601 date or date-time, inclusive (a date means the whole day). */
  to?: string;
  assistantId?: string;
  /** Sessions with at least one answer rated so. */
  rating?: "positive" | "negative";
  /** Sessions that asked for a human. */
  handover?: boolean;
  /** Sessions with at least one question that was not answered. */
  notAnswered?: boolean;
  /** Words in a question or an answer. */
  search?: string;
}

/** One row of the conversations list. */
export interface ConversationSummary {
  sessionId: string;
  assistantId: string;
  userId: string | null;
  createdAt: string;
  lastActivityAt: string;
  questions: number;
  /** The first question, for the list. */
  firstQuestion: string | null;
  positive: number;
  negative: number;
  notAnswered: number;
  handover: boolean;
}

/** A turn in a transcript, with what the visitor did with it. */
export interface TranscriptTurn extends Turn {
  answered: AnsweredState;
  feedback: { rating: "positive" | "negative"; comment: string | null } | null;
}

/** `GET /console/conversations/:id`. */
export interface ConversationTranscript {
  session: Session;
  turns: TranscriptTurn[];
  linkClicks: Array<{ href: string; text: string; queryId: string | null; createdAt: string }>;
  widgetEvents: Array<{ name: string; timestamp: string; payload: Record<string, unknown> }>;
  handovers: Array<{ reason: string; priority: string; status: string; createdAt: string }>;
}

/** One day of the analytics' series. */
export interface AnalyticsDay {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  conversations: number;
  questions: number;
  /** Questions the engine answered; with `notAnswered`, less than `questions` when some are unknown. */
  answered: number;
  /** Questions the engine declined (the knowledge base did not cover them). */
  notAnswered: number;
  positive: number;
  negative: number;
  handovers: number;
  linkClicks: number;
}

/** `GET /console/analytics`: totals and one point per day of the range. */
export interface ConsoleAnalytics {
  from: string;
  to: string;
  totals: Omit<AnalyticsDay, "date">;
  days: AnalyticsDay[];
  widgetEvents: Array<{ name: string; count: number }>;
}

/** Questions that are alike, counted together. */
export interface QuestionGroup {
  /** The most frequent wording. */
  question: string;
  count: number;
  /** Other wordings in the group, most frequent first (at most 5). */
  variants: string[];
  /** ISO 8601: the most recent time it was asked. */
  lastAskedAt: string;
}

/** A link and how often visitors followed it. */
export interface LinkCount {
  href: string;
  text: string;
  count: number;
}
