import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { createPrompt, putPromptAudio } from "@callflow/db";

import { AriTestServer } from "../../src/ari/test-server/index.js";
import { parsePlatformEnv } from "../../src/store/platform-config.js";
import { startPlatform, type PlatformHandle } from "../../src/store/start-platform.js";
import { assignNumber, createPublishedFlow, createTenant } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";

jest.setTimeout(60_000);

// A flow that answers, speaks one text prompt and hangs up.
const SPEAKING_FLOW = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Speaking flow" },
  languages: ["en"],
  entry: "answer",
  nodes: [
    { id: "answer", type: "call.answer" },
    { id: "hello", type: "media.play", config: { prompt: { tts: { en: "Thank you for calling" } }, bargeIn: false } },
    { id: "bye", type: "call.hangup" },
  ],
  edges: [
    { from: "answer", port: "next", to: "hello" },
    { from: "hello", port: "next", to: "bye" },
  ],
};

let database: StoreTestDatabase;
let asterisk: AriTestServer;
let dataDir: string;
let platform: PlatformHandle | undefined;
let numberCount = 0;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  asterisk = await AriTestServer.start({ users: [{ username: "callflow", password: "secret" }], timings: { defaultSoundMs: 200 } });
});

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "callflow-platform-tts-"));
});

afterEach(async () => {
  await platform?.shutdown();
  platform = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await asterisk.close();
  await database.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();

    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };

      probe.close(() => resolve(port));
    });
  });
}

// Starts the platform on Asterisk (an examples folder without directory.yaml, so no demo tenant)
// and routes a new number of a new tenant to the speaking flow.
async function startWithSpeakingNumber(env: Record<string, string>): Promise<string> {
  platform = await startPlatform({
    dataDir,
    examplesDir: dataDir,
    env: { DATABASE_URL: database.url, CALLFLOW_API_PORT: "0", CALLFLOW_ARI_URL: asterisk.url, CALLFLOW_ARI_USERNAME: "callflow", CALLFLOW_ARI_PASSWORD: "secret", ...env },
    print: () => undefined,
  });
  const tenant = await createTenant(platform.store.db, `speaking-${++numberCount}`, { maxPstnCalls: 5 });
  const number = `080070000${numberCount}`;

  await assignNumber(platform.store.db, tenant, number, await createPublishedFlow(platform.store.db, tenant, "speaking", SPEAKING_FLOW));
  return number;
}

// A flow that answers, plays the recorded prompt `greeting` and hangs up.
const RECORDED_FLOW = {
  ...SPEAKING_FLOW,
  nodes: SPEAKING_FLOW.nodes.map((node) => (node.id === "hello" ? { ...node, config: { prompt: { audio: "greeting" }, bargeIn: false } } : node)),
};

// A 16 kHz stereo WAV of 0.3 s, which Asterisk would have to transcode.
function wideWav(folder: string): Buffer {
  const file = path.join(folder, "upload.wav");

  execFileSync("sox", ["-n", "-r", "16000", "-c", "2", "-b", "16", file, "synth", "0.3", "sine", "440"]);
  return readFileSync(file);
}

async function tenantWithRecordedNumber(audio: (scope: Parameters<typeof createPrompt>[0]) => Promise<void>): Promise<string> {
  const db = platform!.store.db;
  const tenant = await createTenant(db, `recorded-${++numberCount}`, { maxPstnCalls: 5 });
  const number = `080071000${numberCount}`;

  await db.withTenant(tenant.tenantId, audio);
  await assignNumber(db, tenant, number, await createPublishedFlow(db, tenant, "recorded", RECORDED_FLOW));
  return number;
}

async function playedMedia(number: string): Promise<string[]> {
  const before = asterisk.control.requests().length;
  const call = asterisk.control.startInboundCall({ app: "callflow", extension: number, callerNumber: "0911222333" });

  await call.ended();
  return asterisk.control
    .requests()
    .slice(before)
    .filter((request) => request.method === "POST" && request.path.endsWith("/play"))
    .map((request) => String(request.query.media));
}

describe("text-to-speech of the platform on Asterisk", () => {
  it("plays synthesized prompts from the sounds folder", async () => {
    const ttsDir = path.join(dataDir, "sounds", "callflow-tts");
    const number = await startWithSpeakingNumber({ CALLFLOW_TTS_DIR: ttsDir });

    const media = await playedMedia(number);

    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(/^sound:callflow-tts\/[0-9a-f]{40}$/);
    expect(readdirSync(ttsDir)).toContain(`${media[0].slice("sound:callflow-tts/".length)}.wav`);
  });

  it("defaults the folder to the data folder", async () => {
    const number = await startWithSpeakingNumber({});

    const media = await playedMedia(number);

    expect(media[0]).toMatch(/^sound:callflow-tts\//);
    expect(readdirSync(path.join(dataDir, "tts")).some((file) => file.endsWith(".wav"))).toBe(true);
  });

  it("serves the files to Asterisk with http delivery", async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/tts`;
    const number = await startWithSpeakingNumber({ CALLFLOW_TTS_DELIVERY: "http", CALLFLOW_TTS_HTTP_BASE_URL: baseUrl, CALLFLOW_TTS_HTTP_PORT: String(port) });

    const media = await playedMedia(number);
    const fetched = await fetch(media[0].slice("sound:".length));

    expect(media[0]).toMatch(new RegExp(`^sound:${baseUrl}/[0-9a-f]{40}\\.wav$`));
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await fetched.arrayBuffer()).subarray(0, 4).toString("latin1")).toBe("RIFF");
  });
});

describe("uploaded prompt audio on Asterisk", () => {
  it("converts the upload to 8 kHz mono and plays it", async () => {
    const ttsDir = path.join(dataDir, "sounds", "callflow-tts");
    await startWithSpeakingNumber({ CALLFLOW_TTS_DIR: ttsDir });
    const number = await tenantWithRecordedNumber(async (scope) => {
      const prompt = await createPrompt(scope, { name: "greeting", language: "en", ttsText: "placeholder" });
      await putPromptAudio(scope, prompt.id, { contentType: "audio/wav", content: wideWav(dataDir) });
    });

    const media = await playedMedia(number);
    const converted = readFileSync(path.join(ttsDir, `${media[0].slice("sound:callflow-tts/".length)}.wav`));

    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(/^sound:callflow-tts\/[0-9a-f]{40}$/);
    expect(converted.readUInt16LE(22)).toBe(1);
    expect(converted.readUInt32LE(24)).toBe(8000);
    expect(converted.readUInt16LE(34)).toBe(16);
  });

  it("plays nothing of another tenant's upload", async () => {
    const ttsDir = path.join(dataDir, "tts");
    await startWithSpeakingNumber({});
    const upload = wideWav(dataDir);
    // The converted file's name, a hash of the upload's type and bytes.
    const uploadKey = createHash("sha256").update("audio/wav").update("\u0000").update(upload).digest("hex").slice(0, 40);
    let foreignId = "";
    await tenantWithRecordedNumber(async (scope) => {
      const prompt = await createPrompt(scope, { name: "greeting", language: "en", ttsText: "placeholder" });
      foreignId = (await putPromptAudio(scope, prompt.id, { contentType: "audio/wav", content: upload })).id;
    });
    const borrower = await tenantWithRecordedNumber(async (scope) => {
      await createPrompt(scope, { name: "greeting", language: "en", audioUri: `/api/prompts/${foreignId}/audio` });
    });

    const media = await playedMedia(borrower);

    expect(media).not.toContain(`sound:callflow-tts/${uploadKey}`);
    expect(readdirSync(ttsDir)).not.toContain(`${uploadKey}.wav`);
  });
});

describe("text-to-speech settings", () => {
  const ari = { CALLFLOW_ARI_URL: "http://127.0.0.1:8088", CALLFLOW_ARI_USERNAME: "callflow", CALLFLOW_ARI_PASSWORD: "secret" };

  it("needs the address and port of http delivery", () => {
    expect(() => parsePlatformEnv({ ...ari, CALLFLOW_TTS_DELIVERY: "http" })).toThrow(
      "CALLFLOW_TTS_DELIVERY is http, so set CALLFLOW_TTS_HTTP_BASE_URL (what Asterisk fetches) and CALLFLOW_TTS_HTTP_PORT (where the runtime serves) too",
    );
  });

  it.each([
    [{ CALLFLOW_TTS_DELIVERY: "ftp" }, 'CALLFLOW_TTS_DELIVERY: CALLFLOW_TTS_DELIVERY must be "sounds" or "http"'],
    [{ CALLFLOW_TTS_SOUND_PREFIX: "../etc" }, "CALLFLOW_TTS_SOUND_PREFIX: CALLFLOW_TTS_SOUND_PREFIX must be a relative folder such as callflow-tts"],
    [{ CALLFLOW_TTS_HTTP_PORT: "port" }, "CALLFLOW_TTS_HTTP_PORT: CALLFLOW_TTS_HTTP_PORT must be a port number such as 4100"],
  ])("rejects %j", (env, message) => {
    expect(() => parsePlatformEnv({ ...ari, ...env })).toThrow(message);
  });

  it("defaults to sounds delivery under callflow-tts", () => {
    const env = parsePlatformEnv(ari);

    expect(env.CALLFLOW_TTS_DELIVERY).toBe("sounds");
    expect(env.CALLFLOW_TTS_SOUND_PREFIX).toBe("callflow-tts");
  });
});
