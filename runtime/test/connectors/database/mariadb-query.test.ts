import { startMariaDb, type MariaDbServer } from "./support/mariadb-server.js";
import { errorCode, errorMessage, queryRunner, type QueryRunner } from "./support/query-runner.js";

jest.setTimeout(60_000);

const PASSWORD = "mariadb-test-password";

let server: MariaDbServer;
let tenant: QueryRunner;

beforeAll(async () => {
  server = await startMariaDb();
  await server.admin("create database bank character set utf8mb4");
  await server.admin("create user 'callflow'@'127.0.0.1' identified by ?", [PASSWORD]);
  await server.admin("grant select, update, execute on bank.* to 'callflow'@'127.0.0.1'");
  await server.admin("create table bank.accounts (account_no varchar(14) primary key, holder varchar(100) not null, balance decimal(14, 2) not null, currency char(3) not null)");
  await server.admin("insert into bank.accounts values ('1234567890', '陳小明', 52300.00, 'TWD'), ('5555666677', 'Mary Lee', 18.50, 'USD')");
  await server.admin(`
    create procedure bank.get_balance(in p_account varchar(14), out p_balance decimal(14, 2), inout p_currency char(3))
    begin
      select balance, currency into p_balance, p_currency from bank.accounts where account_no = p_account and currency = coalesce(p_currency, currency);
    end`);
  await server.admin(`
    create procedure bank.list_accounts(in p_currency char(3))
    begin
      select account_no, holder from bank.accounts where currency = p_currency;
    end`);

  const connector = { name: "core-banking", kind: "database" as const, settings: { driver: "mysql", host: "127.0.0.1", port: server.port, database: "bank" }, secret: "core-banking-login" };
  tenant = queryRunner(
    [connector, { ...connector, name: "wrong-password", secret: "wrong-login" }],
    { "core-banking-login": { type: "basic", username: "callflow", password: PASSWORD }, "wrong-login": { type: "basic", username: "callflow", password: "not-the-password" } },
    ["127.0.0.1"],
  );
});

afterAll(async () => {
  await tenant?.connectors.close();
  await server?.stop();
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

describe("data.query on MariaDB", () => {
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
  });

  test("injection text is bound as data", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "1; DROP TABLE accounts" });
    const remaining = (await server.admin("select count(*) as count from bank.accounts")) as Array<{ count: number }>;

    expect(result.port).toBe("empty");
    expect(Number(remaining[0].count)).toBe(2);
  });

  test("backslash and quote are data", async () => {
    const result = await tenant.run(balanceQuery, { accountNo: "\\' or 1=1 -- " });

    expect(result.port).toBe("empty");
  });

  test("placeholder in a literal stays text", async () => {
    const config = { connector: "core-banking", mode: "first", sql: "select ':notAParameter' as text, :x as x", parameters: { x: "'value'" }, outputs: [{ variable: "text", value: "result.row.text" }, { variable: "x", value: "result.row.x" }] };

    const result = await tenant.run(config);

    expect(result.variables.text).toBe(":notAParameter");
    expect(result.variables.x).toBe("value");
  });

  test("procedure returns out arguments", async () => {
    const config = {
      connector: "core-banking",
      mode: "procedure",
      procedure: { name: "get_balance", arguments: [{ name: "p_account" }, { name: "p_balance", direction: "out", type: "number" }, { name: "p_currency", direction: "inout" }] },
      parameters: { p_account: "accountNo", p_currency: "null" },
      outputs: [{ variable: "balance", value: "$number(result.out.p_balance)" }, { variable: "currency", value: "result.out.p_currency" }],
    };

    const result = await tenant.run(config, { accountNo: "5555666677" });

    expect(result.error).toBeUndefined();
    expect(result.port).toBe("ok");
    expect(result.variables.balance).toBe(18.5);
    expect(result.variables.currency).toBe("USD");
  });

  test("procedure returns a result set", async () => {
    const config = {
      connector: "core-banking",
      mode: "procedure",
      procedure: { name: "bank.list_accounts", arguments: [{ name: "p_currency" }] },
      parameters: { p_currency: "'TWD'" },
      outputs: [{ variable: "holders", value: "[result.rows.holder]" }],
    };

    const result = await tenant.run(config);

    expect(result.port).toBe("ok");
    expect(Array.from(result.variables.holders as string[])).toEqual(["陳小明"]);
  });

  test("update reports changed rows", async () => {
    const config = { connector: "core-banking", sql: "update accounts set balance = balance + 0 where currency = :currency", parameters: { currency: "'USD'" }, outputs: [{ variable: "changed", value: "result.affectedRows" }] };

    const result = await tenant.run(config);

    expect(result.port).toBe("ok");
    expect(result.variables.changed).toBe(1);
  });

  test("slow query times out", async () => {
    const started = Date.now();

    const result = await tenant.run({ connector: "core-banking", sql: "select sleep(5)", timeoutMs: 300 });

    expect(errorCode(result)).toBe("sql-timeout");
    expect(errorMessage(result)).toBe('database connector "core-banking": the query timed out after 300 ms and was cancelled; make the query faster or raise the node\'s timeoutMs');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test("timed-out query stops on the server", async () => {
    await tenant.run({ connector: "core-banking", sql: "select sleep(5)", timeoutMs: 200 });

    const running = (await server.admin("select count(*) as count from information_schema.processlist where info like 'select sleep%'")) as Array<{ count: number }>;

    expect(Number(running[0].count)).toBe(0);
  });

  test("bad SQL names the server's error", async () => {
    const result = await tenant.run({ connector: "core-banking", sql: "select balanse from accounts" });

    expect(errorCode(result)).toBe("sql-failed");
    expect(errorMessage(result)).toContain("the query failed: Unknown column 'balanse' in 'SELECT' (ER_BAD_FIELD_ERROR)");
  });

  test("wrong password names the fix", async () => {
    const result = await tenant.run({ ...balanceQuery, connector: "wrong-password" }, { accountNo: "1234567890" });

    expect(errorCode(result)).toBe("sql-auth-failed");
    expect(errorMessage(result)).toContain("Access denied for user 'callflow'@'127.0.0.1'");
    expect(errorMessage(result)).toContain("correct the user name or password in the connector's secret");
    expect(errorMessage(result)).not.toContain("not-the-password");
  });
});
