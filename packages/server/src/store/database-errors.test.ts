import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isStorageFailure } from "./database-errors.js";

const withCode = (code: string) => Object.assign(new Error("x"), { code });

describe("database errors", () => {
  it("takes a failing disk, a read-only file and I/O errors for storage failures", () => {
    for (const code of [
      "SQLITE_FULL",
      "SQLITE_READONLY",
      "SQLITE_READONLY_DBMOVED",
      "SQLITE_IOERR",
      "SQLITE_IOERR_WRITE",
      "SQLITE_IOERR_SHMMAP",
      "SQLITE_CANTOPEN",
      "SQLITE_CORRUPT",
      "53100",
      "58030",
      "25006",
      "42501",
      "ENOSPC",
      "EIO",
      "EROFS",
    ]) {
      expect(isStorageFailure(withCode(code)), code).toBe(true);
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
  });

  it("leaves bad queries and constraint violations alone", () => {
    for (const code of ["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_ERROR", "23505", "42P01", ""]) {
      expect(isStorageFailure(withCode(code)), code).toBe(false);
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isStorageFailure(new Error("no code"))).toBe(false);
    expect(isStorageFailure("SQLITE_FULL")).toBe(false);
  });
});
