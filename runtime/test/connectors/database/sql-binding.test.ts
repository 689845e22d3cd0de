import { bindAtNames, bindColonNames, bindNumbered, bindQuestionMarks, SqlParameterMissingError } from "../../../src/connectors/database/sql-binding.js";

const sql = "select * from accounts where account_no = :accountNo and (branch = :branch or :branch is null) and note <> ':literal'";
const parameters = { accountNo: "1; DROP TABLE accounts", branch: null };

describe("SQL parameter binding", () => {
  test("PostgreSQL numbers each name once", () => {
    expect(bindNumbered(sql, parameters)).toEqual({
      text: "select * from accounts where account_no = $1 and (branch = $2 or $2 is null) and note <> ':literal'",
      values: ["1; DROP TABLE accounts", null],
    });
  });

  test("MySQL repeats values per mark", () => {
    expect(bindQuestionMarks(sql, parameters)).toEqual({
      sql: "select * from accounts where account_no = ? and (branch = ? or ? is null) and note <> ':literal'",
      values: ["1; DROP TABLE accounts", null, null],
    });
  });

  test("MySQL reads backslash escapes", () => {
    expect(bindQuestionMarks("select 'it\\'s :x', :y", { y: 1 })).toEqual({ sql: "select 'it\\'s :x', ?", values: [1] });
  });

  test("SQL Server gets one input per name", () => {
    expect(bindAtNames(sql, parameters)).toEqual({
      sql: "select * from accounts where account_no = @accountNo and (branch = @branch or @branch is null) and note <> ':literal'",
      inputs: [
        { name: "accountNo", value: "1; DROP TABLE accounts" },
        { name: "branch", value: null },
      ],
    });
  });

  test("Oracle keeps named binds", () => {
    expect(bindColonNames(sql, parameters)).toEqual({ sql, binds: { accountNo: "1; DROP TABLE accounts", branch: null } });
  });

  test.each([
    ["PostgreSQL", bindNumbered],
    ["MySQL", bindQuestionMarks],
    ["SQL Server", bindAtNames],
    ["Oracle", bindColonNames],
  ])("%s rejects a missing value", (_driver, bind) => {
    expect(() => bind("select :missing", {})).toThrow(SqlParameterMissingError);
    expect(() => bind("select :missing", {})).toThrow('the SQL uses :missing, which has no value; add "missing" to the node\'s parameters');
  });

  test("inherited names are not values", () => {
    expect(() => bindNumbered("select :constructor", {})).toThrow(SqlParameterMissingError);
  });
});
