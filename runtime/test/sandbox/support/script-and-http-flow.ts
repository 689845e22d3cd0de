/**
 * A flow in which a script computes the account number, then an HTTP node requests the account's
 * balance from the tenant's `crm` connector. Store and serve tests run it with a local server.
 */
export const scriptAndHttpFlow = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Balance lookup" },
  languages: ["en"],
  entry: "account",
  variables: { account: { type: "string" }, balance: { type: "number" } },
  nodes: [
    { id: "account", type: "logic.script", config: { code: "return { account: 'A-' + (40 + 2) };", outputs: ["account"] } },
    { id: "lookup", type: "integration.http", config: { connector: "crm", url: "customers/{{ account }}", outputs: [{ variable: "balance", value: "response.body.balance" }] } },
    { id: "end", type: "flow.end" },
  ],
  edges: [
    { from: "account", port: "next", to: "lookup" },
    { from: "lookup", port: "next", to: "end" },
  ],
};
