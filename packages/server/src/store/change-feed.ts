/**
 * Tells one cache whether the data it remembers may have been changed by someone else: another
 * server process, or a CLI command on the same database. Each cache holds its own watch, since
 * the answer is "changed since *this* caller last asked".
 */
export interface ChangeWatch {
  /** Whether something was committed elsewhere since the previous call (true on the first). */
  changedElsewhere(): Promise<boolean> | boolean;
}

/**
 * Where the caches learn of other writers' commits. Each dialect builds its own under
 * `dialects/` and hands it out from `StoreDialect.openChangeFeed()`; nothing outside `dialects/`
 * knows how it learns. A store's own writes clear its caches directly: a feed may or may not
 * report them too.
 */
export interface ChangeFeed {
  watch(): ChangeWatch;
  close(): Promise<void>;
}
