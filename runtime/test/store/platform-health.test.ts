import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { AriTestServer } from "../../src/ari/test-server/index.js";
import { startPlatform, type PlatformHandle } from "../../src/store/start-platform.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";

jest.setTimeout(60_000);

let database: StoreTestDatabase;
let dataDir: string;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), "callflow-health-"));
});

afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

// An examples folder without directory.yaml, so the platform starts without seeding a tenant.
function start(env: Record<string, string>): Promise<PlatformHandle> {
  return startPlatform({ dataDir, examplesDir: dataDir, env: { DATABASE_URL: database.url, CALLFLOW_API_PORT: "0", ...env }, print: () => undefined });
}

async function telephonyOf(platform: PlatformHandle): Promise<unknown> {
  const response = await fetch(`${platform.apiUrl}/api/health`);

  return ((await response.json()) as { telephony: unknown }).telephony;
}

async function waitForTelephony(platform: PlatformHandle, expected: unknown): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  let telephony = await telephonyOf(platform);

  while (JSON.stringify(telephony) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    telephony = await telephonyOf(platform);
  }
  return telephony;
}

describe("health of a running service", () => {
  it("reports simulated telephony without Asterisk", async () => {
    const platform = await start({});

    const telephony = await telephonyOf(platform);
    await platform.shutdown();

    expect(telephony).toEqual([{ name: "simulated", state: "simulated" }]);
  });

  it("follows the Asterisk connection's live state", async () => {
    const asterisk = await AriTestServer.start({ users: [{ username: "callflow", password: "secret" }] });
    const platform = await start({ CALLFLOW_ARI_URL: asterisk.url, CALLFLOW_ARI_USERNAME: "callflow", CALLFLOW_ARI_PASSWORD: "secret" });

    const connected = await waitForTelephony(platform, [{ name: "asterisk", state: "connected" }]);
    await asterisk.close();
    const lost = await waitForTelephony(platform, [{ name: "asterisk", state: "reconnecting" }]);
    await platform.shutdown();

    expect(connected).toEqual([{ name: "asterisk", state: "connected" }]);
    expect(lost).toEqual([{ name: "asterisk", state: "reconnecting" }]);
  });
});
