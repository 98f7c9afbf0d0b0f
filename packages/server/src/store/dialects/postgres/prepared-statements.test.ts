import { describe, expect, it } from "vitest";
import { statementName } from "./prepared-statements.js";

describe("statement names", () => {
  it("names each read and write once, and neither DDL, transaction control nor several-row inserts", () => {
    const select = "select * from turns where id = $1";
    const name = statementName(select);
    expect(name).toMatch(/^nexus_\d+$/);
    expect(statementName(select)).toBe(name);
    expect(statementName("insert into t (a, b) values ($1, $2)")).toMatch(/^nexus_\d+$/);
    expect(statementName("insert into t (a, b) values ($1, $2), ($3, $4)")).toBeUndefined();
    expect(statementName("begin")).toBeUndefined();
    expect(statementName("create table t (a int)")).toBeUndefined();
  });
});
