/** Where the data lives, parsed from `DATABASE_URL`. */
export interface DatabaseLocation {
  kind: "sqlite";
  /** A file path, or `:memory:`. */
  filename: string;
}

/**
 * Parses `sqlite:<path>`, `sqlite::memory:` or `file:<path>`. PostgreSQL URLs are recognised and
 * refused with a clear reason until the PostgreSQL store lands.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("PostgreSQL is not supported yet; use a sqlite: DATABASE_URL");
  }
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(url);
  if (!match?.[1]) {
    throw new Error(`DATABASE_URL must look like sqlite:./data/nexus.sqlite (got "${url}")`);
  }
  return { kind: "sqlite", filename: match[1] };
}
