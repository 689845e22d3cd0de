import { createPostgresTestDatabase, type PostgresTestDatabase } from "./support/postgres-database.js";
import { errorCode, errorMessage, queryRunner, type QueryRunner } from "./support/query-runner.js";

jest.setTimeout(60_000);

let database: PostgresTestDatabase;
let tenant: QueryRunner;

beforeAll(async () => {
  database = await createPostgresTestDatabase();
  await database.admin.query(`set role ${database.user}`);
  await database.admin.query(`
    create table bank.accounts (account_no text primary key, holder text not null, balance numeric(14, 2) not null, currency text not null);
    insert into bank.accounts values ('1234567890', '陳小明', 52300.00, 'TWD'), ('5555666677', 'Mary Lee', 18.50, 'USD');
    create procedure bank.get_balance(in p_account text, out p_balance numeric, inout p_currency text)
      language plpgsql as $$
      begin
        select balance, currency into p_balance, p_currency from bank.accounts where account_no = p_account and currency = coalesce(p_currency, currency);
      end $$;
  `);
  await database.admin.query("reset role");

  const connector = { name: "core-banking", kind: "database" as const, settings: { driver: "postgres", host: "127.0.0.1", port: database.port, database: database.database }, secret: "core-banking-login" };
  tenant = queryRunner(
    [connector, { ...connector, name: "wrong-password", secret: "wrong-login" }],
    { "core-banking-login": { type: "basic", username: database.user, password: database.password }, "wrong-login": { type: "basic", username: database.user, password: "not-the-password" } },
    ["127.0.0.1"],
  );
});

afterAll(async () => {
  await tenant?.connectors.close();
  await database?.drop();
});

const balanceQuery = {
  connector: "core-banking",
  mode: "first",
  sql: "select holder, balance, currency from accounts where account_no = :accountNo",
  parameters: { accountNo: "accountNo" },
  outputs: [
    { variable: "holder", value: "result.row.holder" },
    { variable: "balance", value: "$number(result.row.balance)" },
    { variable: "currency", value: "result.row.currency" },
  ],
};

describe("data.query on PostgreSQL", () => {
  test("first row into variables", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "1234567890" });

    expect(result.error).toBeUndefined();
    expect(result.port).toBe("ok");
    expect(result.variables.holder).toBe("陳小明");
    expect(result.variables.balance).toBe(52300);
    expect(result.variables.currency).toBe("TWD");
  });

  test("unknown account leaves by empty", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "0000000000" });

    expect(result.port).toBe("empty");
    expect(result.variables.holder).toBeUndefined();
  });

  test("injection text is bound as data", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "1; DROP TABLE accounts" });
    const remaining = await database.admin.query("select count(*)::int as count from bank.accounts");

    expect(result.port).toBe("empty");
    expect(remaining.rows[0].count).toBe(2);
  });

  test("quote in a value is data", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "' or '1'='1" });

    expect(result.port).toBe("empty");
  });

  test("rows mode keeps max rows", async () => {
    const config = { connector: "core-banking", sql: "select account_no from accounts order by account_no", maxRows: 1, outputs: [{ variable: "accounts", value: "[result.rows.account_no]" }, { variable: "more", value: "result.truncated" }] };

    const result = await tenant.run(config);

    expect(Array.from(result.variables.accounts as string[])).toEqual(["1234567890"]);
    expect(result.variables.more).toBe(true);
  });

  test("repeated parameter binds once", async () => {
    const config = { connector: "core-banking", mode: "first", sql: "select :x::text || :x::text as twice", parameters: { x: "'ab'" }, outputs: [{ variable: "twice", value: "result.row.twice" }] };

    const result = await tenant.run(config);

    expect(result.variables.twice).toBe("abab");
  });

  test("procedure returns out arguments", async () => {
    const config = {
      connector: "core-banking",
      mode: "procedure",
      procedure: { name: "bank.get_balance", arguments: [{ name: "p_account" }, { name: "p_balance", direction: "out", type: "number" }, { name: "p_currency", direction: "inout" }] },
      parameters: { p_account: "accountNo", p_currency: "null" },
      outputs: [{ variable: "balance", value: "$number(result.out.p_balance)" }, { variable: "currency", value: "result.out.p_currency" }],
    };

    const result = await tenant.run(config, { accountNo: "5555666677" });

    expect(result.error).toBeUndefined();
    expect(result.port).toBe("ok");
    expect(result.variables.balance).toBe(18.5);
    expect(result.variables.currency).toBe("USD");
  });

  test("procedure finding nothing is empty", async () => {
    const config = {
      connector: "core-banking",
      mode: "procedure",
      procedure: { name: "bank.get_balance", arguments: [{ name: "p_account" }, { name: "p_balance", direction: "out" }, { name: "p_currency", direction: "inout" }] },
      parameters: { p_account: "'0000000000'", p_currency: "null" },
    };

    const result = await tenant.run(config);

    expect(result.port).toBe("empty");
  });

  test("update reports changed rows", async () => {
    const config = { connector: "core-banking", sql: "update accounts set holder = holder where currency = :currency", parameters: { currency: "'TWD'" }, outputs: [{ variable: "changed", value: "result.affectedRows" }] };

    const result = await tenant.run(config);

    expect(result.port).toBe("ok");
    expect(result.variables.changed).toBe(1);
  });

  test("slow query times out", async () => {
    const started = Date.now();

    const result = await tenant.run({ connector: "core-banking", sql: "select pg_sleep(5)", timeoutMs: 300 });

    expect(errorCode(result)).toBe("sql-timeout");
    expect(errorMessage(result)).toBe('database connector "core-banking": the query timed out after 300 ms and was cancelled; make the query faster or raise the node\'s timeoutMs');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test("timed-out query stops on the server", async () => {
    await tenant.run({ connector: "core-banking", sql: "select pg_sleep(5)", timeoutMs: 200 });

    const running = await database.admin.query("select count(*)::int as count from pg_stat_activity where state = 'active' and query like 'select pg_sleep%' and pid <> pg_backend_pid()");

    expect(running.rows[0].count).toBe(0);
  });

  test("pool works after a timeout", async () => {
    await tenant.run({ connector: "core-banking", sql: "select pg_sleep(5)", timeoutMs: 200 });

    const result = await tenant.run(balanceQuery, { accountNo: "1234567890" });

    expect(result.port).toBe("ok");
  });

  test("bad SQL names the server's error", async () => {
    const result = await tenant.run({ connector: "core-banking", sql: "select balanse from accounts" });

    expect(errorCode(result)).toBe("sql-failed");
    expect(errorMessage(result)).toContain('database connector "core-banking": the query failed: column "balanse" does not exist (SQLSTATE 42703)');
    expect(errorMessage(result)).toContain("correct the node's SQL or parameters");
  });

  test("error hides parameter values", async () => {
    const config = { connector: "core-banking", sql: "select :accountNo::int as n", parameters: { accountNo: "accountNo" } };

    const result = await tenant.run(config, { accountNo: "0912345678x" });

    expect(errorCode(result)).toBe("sql-failed");
    expect(errorMessage(result)).toContain("invalid input syntax for type integer: \"<value of :accountNo>\"");
    expect(errorMessage(result)).not.toContain("0912345678x");
  });

  test("wrong password names the fix", async () => {
    const result = await tenant.run({ ...balanceQuery, connector: "wrong-password" }, { accountNo: "1234567890" });

    expect(errorCode(result)).toBe("sql-auth-failed");
    expect(errorMessage(result)).toContain(`password authentication failed for user "${database.user}"`);
    expect(errorMessage(result)).toContain("correct the user name or password in the connector's secret");
    expect(errorMessage(result)).not.toContain("not-the-password");
  });
});
