import { parseSqlParameters } from "./sql-parameters.js";

describe("parseSqlParameters", () => {
  test("finds placeholders in order", () => {
    const parsed = parseSqlParameters("select * from accounts where account_no = :accountNo and branch = :branch_2");

    expect(parsed.names).toEqual(["accountNo", "branch_2"]);
    expect(parsed.parts).toEqual(["select * from accounts where account_no = ", " and branch = ", ""]);
  });

  test("keeps a repeated name twice", () => {
    expect(parseSqlParameters("select :a, :b, :a").names).toEqual(["a", "b", "a"]);
  });

  test.each([
    ["a string literal", "select ':x' || :y", ["y"]],
    ["a doubled quote in a literal", "select 'it''s :x', :y", ["y"]],
    ["a quoted identifier", 'select ":x" from t where c = :y', ["y"]],
    ["a backtick identifier", "select `:x` from t where c = :y", ["y"]],
    ["a line comment", "select 1 -- :x\nwhere c = :y", ["y"]],
    ["a block comment", "select /* :x */ :y", ["y"]],
    ["a dollar-quoted string", "select $$ :x $$, $body$ :z $body$, :y", ["y"]],
    ["a cast", "select :y::text, created_at::date from t", ["y"]],
    ["a digit after the colon", "select '10:30', x[1:2] from t where c = :y", ["y"]],
    ["a name before the colon", "select a:b, :y", ["y"]],
  ])("skips %s", (_case, sql, names) => {
    expect(parseSqlParameters(sql).names).toEqual(names);
  });

  test("backslash escape is optional", () => {
    const sql = "select 'a\\' :x', :y";

    expect(parseSqlParameters(sql, { backslashEscapes: true }).names).toEqual(["y"]);
    expect(parseSqlParameters(sql).names).toEqual(["x"]);
  });

  test("unclosed literal hides the rest", () => {
    expect(parseSqlParameters("select 'open :x").names).toEqual([]);
  });

  test("parts rebuild the text", () => {
    const sql = "update t set a = :a where id = :id -- :nope";
    const parsed = parseSqlParameters(sql);

    expect(parsed.parts.map((part, index) => part + (parsed.names[index] === undefined ? "" : `:${parsed.names[index]}`)).join("")).toBe(sql);
  });
});
