import type { Generated } from "kysely";

/** Row types of every table, as Kysely sees them. JSON columns hold text. */
export interface DatabaseSchema {
  experiences: ExperienceTable;
  documents: DocumentTable;
  passages: PassageTable;
  sessions: SessionTable;
  turns: TurnTable;
  feedback: FeedbackTable;
  link_clicks: LinkClickTable;
  widget_events: WidgetEventTable;
  handovers: HandoverTable;
  api_clients: ApiClientTable;
  refresh_tokens: RefreshTokenTable;
  ingestion_jobs: IngestionJobTable;
  server_settings: ServerSettingTable;
  operators: OperatorTable;
  operator_sessions: OperatorSessionTable;
  console_days: ConsoleDayTable;
  console_question_days: ConsoleQuestionDayTable;
  console_link_days: ConsoleLinkDayTable;
  console_event_days: ConsoleEventDayTable;
  session_frames: SessionFrameTable;
  conversation_messages: ConversationMessageTable;
  web_sources: WebSourceTable;
  web_pages: WebPageTable;
  server_processes: ServerProcessTable;
}

export interface ExperienceTable {
  id: string;
  name: string;
  engine: string;
  engine_options: string;
  widget: string;
  require_auth: number;
  allowed_origins: string;
  handover_webhook_url: string | null;
  created_at: string;
  updated_at: string;
  /** Added by 0008-live-conversations; `null`: the default (180 s). */
  handover_queue_timeout_seconds?: number | null;
  /** Added by 0008-live-conversations: the key of the webhook's HMAC, generated when first needed. */
  handover_webhook_secret?: string | null;
  /** Added by 0013-knowledge-language: a `KnowledgeLanguage`, "en" for older experiences. */
  knowledge_language?: string;
}

export interface DocumentTable {
  id: string;
  experience_id: string;
  external_id: string | null;
  title: string;
  url: string | null;
  format: string;
  content_hash: string;
  metadata: string;
  actions: string | null;
  created_at: string;
  updated_at: string;
}

export interface PassageTable {
  id: Generated<number>;
  document_id: string;
  experience_id: string;
  position: number;
  heading: string;
  body: string;
}

export interface SessionTable {
  id: string;
  experience_id: string;
  user_id: string | null;
  status: string;
  metadata: string;
  created_at: string;
  last_activity_at: string;
  ended_at: string | null;
  /** Added by 0008-live-conversations: `bot`, `queued`, `agent` or `closed`. */
  conversation_state?: string;
  /** `operator:<id>` or `desk:<client id>` while `agent`. */
  conversation_holder?: string | null;
  /** The holder's `AgentProfile` (JSON) while `agent`. */
  conversation_agent?: string | null;
  /** When the visitor last asked for a person (ISO 8601). */
  conversation_queued_at?: string | null;
  // Migration 0005 adds questions, not_answered, positive, negative and handovers: counts kept
  // by the console's rollup triggers, never written by the application, read by raw SQL only
  // (listed here they would be required in every row the session store builds).
}

export interface TurnTable {
  id: string;
  /** 1, 2, 3… within the session: timestamps may tie. */
  position: number;
  session_id: string;
  experience_id: string;
  query: string;
  answer: string;
  sources: string;
  actions: string | null;
  status: string;
  metadata: string;
  created_at: string;
  time_to_first_delta: number | null;
  duration: number | null;
  confidence: number | null;
  /** SQLite hands booleans back as 0 and 1, PostgreSQL as booleans. */
  answered: boolean | number | null;
}

export interface FeedbackTable {
  id: string;
  query_id: string;
  session_id: string;
  rating: string;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

export interface LinkClickTable {
  id: Generated<number>;
  experience_id: string;
  session_id: string | null;
  query_id: string | null;
  href: string;
  text: string;
  protocol: string;
  created_at: string;
}

export interface WidgetEventTable {
  id: Generated<number>;
  experience_id: string;
  session_id: string | null;
  name: string;
  timestamp: string;
  payload: string;
  received_at: string;
}

export interface HandoverTable {
  id: string;
  session_id: string;
  reason: string;
  priority: string;
  metadata: string;
  status: string;
  created_at: string;
}

export interface ApiClientTable {
  id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  experience_ids: string | null;
  created_at: string;
  /** Added by 0003-console-operators. */
  revoked_at: string | null;
}

export interface RefreshTokenTable {
  token_hash: string;
  client_id: string;
  scopes: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

export interface IngestionJobTable {
  id: string;
  experience_id: string;
  status: string;
  total: number;
  processed: number;
  created: number;
  duplicates: number;
  failed: number;
  passages: number;
  errors: string;
  created_at: string;
  finished_at: string | null;
  /** The submitted documents (JSON), kept until the job ends so another process can resume it. */
  documents: string | null;
  /** Which server process runs the job, while it runs. */
  claimed_by: string | null;
  /** When the runner's claim lapses unless renewed (ISO 8601). */
  lease_expires_at: string | null;
  /** How many times a process has claimed the job. */
  attempts: Generated<number>;
}

export interface ServerSettingTable {
  key: string;
  value: string;
}

export interface OperatorTable {
  id: string;
  email: string;
  display_name: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash`, see auth/password-hash.ts. */
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
  /** Added by 0008-live-conversations: JSON array of experience ids; `null` is every one. */
  experience_ids?: string | null;
  /** When the operator last had the Inbox open (ISO 8601): "online" for 60 s after. */
  inbox_seen_at?: string | null;
}

export interface OperatorSessionTable {
  /** SHA-256 of the cookie's value: a stolen database does not hold usable sessions. */
  token_hash: string;
  operator_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** One day of one experience's activity, kept by triggers on write (migration 0005). */
export interface ConsoleDayTable {
  /** `YYYY-MM-DD` (UTC), the first ten characters of the rows' timestamps. */
  day: string;
  experience_id: string;
  conversations: Generated<number>;
  questions: Generated<number>;
  answered: Generated<number>;
  not_answered: Generated<number>;
  positive: Generated<number>;
  negative: Generated<number>;
  handovers: Generated<number>;
  link_clicks: Generated<number>;
}

/** How often one wording (lowercased, trimmed) was asked on one day. */
export interface ConsoleQuestionDayTable {
  day: string;
  experience_id: string;
  question: string;
  asked: Generated<number>;
  not_answered: Generated<number>;
  last_asked_at: string;
  last_not_answered_at: string | null;
}

/** Clicks on one link on one day. */
export interface ConsoleLinkDayTable {
  day: string;
  experience_id: string;
  href: string;
  text: string;
  clicks: Generated<number>;
}

/** Widget events of one name on one day. */
export interface ConsoleEventDayTable {
  day: string;
  experience_id: string;
  name: string;
  events: Generated<number>;
}

export interface SessionFrameTable {
  /** The frame's SSE id on the session channel (PostgreSQL returns a bigint as a string). */
  id: Generated<number | string>;
  session_id: string;
  /** The answer the frame belongs to, if any. */
  query_id: string | null;
  /** The SSE `event:` name. */
  type: string;
  /** The SSE `data:` JSON. */
  data: string;
  created_at: string;
  /**
   * Added by 0011-answer-recovery, on an answer's `query-start` frame only: the process producing
   * the answer and the visitor's question, so that another process can store the turn if that one
   * dies before it does.
   */
  worker?: string | null;
  query?: string | null;
}

/** A running server process and how long it counts as alive without a beat (migration 0011). */
export interface ServerProcessTable {
  id: string;
  expires_at: string;
}

/** A message of a live conversation (migration 0008). */
export interface ConversationMessageTable {
  id: string;
  session_id: string;
  experience_id: string;
  /** `visitor`, `agent` or `system`. */
  author: string;
  /** The agent's `AgentProfile` (JSON) for agent messages. */
  agent: string | null;
  text: string;
  /** The visitor's messages: `queued`, `agent` or `left`. */
  delivered_to: string | null;
  created_at: string;
}
/** A web source crawled again on a schedule (migration 0010). */
export interface WebSourceTable {
  id: string;
  experience_id: string;
  /** What to fetch (JSON): `urls`, `sitemap`, `crawl`, `maxPages`. */
  source: string;
  interval_minutes: number;
  /** When the next crawl is due; a process crawling it holds it later while it works. */
  next_run_at: string;
  /** The process crawling it now, if any. */
  claimed_by: string | null;
  /** What the last crawl did (JSON, a `WebSourceCrawl`). */
  last_crawl: string | null;
  created_at: string;
}

/** A page a web source's crawls have read, with what tells a later crawl if it changed. */
export interface WebPageTable {
  source_id: string;
  /** The address fetched. */
  url: string;
  /** The document's external id: the address after redirects. */
  document_key: string;
  etag: string | null;
  last_modified: string | null;
  /** sha256 of the page's extracted content, for servers that send neither of the above. */
  content_hash: string;
  /** The page's links (JSON), so a crawl goes on through a page that did not change. */
  links: string | null;
  /**
   * The ingestion job the page's content was last sent to, until it ended without failing for
   * this page (migration 0012); a page whose import failed is fetched and imported again.
   */
  job_id: string | null;
}
