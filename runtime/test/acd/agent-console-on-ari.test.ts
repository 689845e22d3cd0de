import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow, type Plan } from "@callflow/sdk";

import type { AriClientKind } from "../../src/ari/adapter/ari-transport.js";
import { extensions } from "../../src/ari/test-server/index.js";
import { AGENT, AGENT_PHONE, agentBridge, SECOND_AGENT, SECOND_AGENT_PHONE, startBench, waitFor, type Bench } from "./support/ari-acd-bench.js";

jest.setTimeout(30_000);

type BridgeJson = { id: string; bridge_type: string; channels: string[] };

// The bridge that contains the channel `channelId`, once there is one.
function bridgeOf(bench: Bench, channelId: string): BridgeJson | undefined {
  return (bench.server.control.bridges() as BridgeJson[]).find((bridge) => bridge.channels.includes(channelId));
}

// Waits until the adapter has destroyed every bridge, which it does without holding up the call.
function bridgesGone(bench: Bench): Promise<boolean> {
  return waitFor("every bridge to be destroyed", () => (bench.server.control.bridges().length === 0 ? true : undefined));
}

// Names of the channels in the bridge, such as `Local/1002@agents-00000001;1`.
function channelNames(bench: Bench, bridge: BridgeJson): string[] {
  const channels = bench.server.control.channels() as Array<{ id: string; name: string }>;

  return bridge.channels.map((id) => channels.find((channel) => channel.id === id)?.name ?? id);
}

// An IVR flow for transfers: it speaks the card number it gets as its input.
const CARD_SERVICES = {
  schemaVersion: 1,
  kind: "ivr",
  name: { en: "Card services" },
  languages: ["en"],
  entry: "greet",
  variables: { cardNo: { type: "string", initial: "" } },
  nodes: [
    { id: "greet", type: "media.play", config: { prompt: { tts: { en: "{{ cardNo }} card help" } } } },
    { id: "end", type: "flow.end" },
  ],
  edges: [{ from: "greet", port: "next", to: "end" }],
};

function compileCardServices(): Plan {
  const result = compileFlow(CARD_SERVICES, { registry: createNodeRegistry() });

  if (!result.ok) throw new Error(`flow does not compile: ${result.problems.map((problem) => problem.message).join("; ")}`);
  return result.plan;
}

// The media URI the bench's text-to-speech gives `text`.
function ttsUri(text: string): string {
  return `sound:callflow-tts/${Buffer.from(text).toString("hex").slice(0, 32)}`;
}

describe.each<AriClientKind>(["thin", "ari-client"])("agent console over ARI (%s)", (client) => {
  let bench: Bench | undefined;

  afterEach(async () => {
    await bench?.close();
    bench = undefined;
  });

  test("hold plays music on hold outside the bridge", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    const bridge = await waitFor("the agent's bridge", () => agentBridge(bench!.server));

    bench.engine.holdCall(AGENT);
    const held = await waitFor("the caller out of the bridge", () => (bridgeOf(bench!, call.channelId) === undefined ? true : undefined));
    const flags = bench.server.control.channelFlags(call.channelId);

    expect(held).toBe(true);
    expect(flags.mohClass).toBe("default");
    expect((bench.server.control.bridges() as BridgeJson[]).find((each) => each.id === bridge.id)?.channels).toHaveLength(1);
    call.hangUp();
    await call.finished;
  });

  test("resume puts the caller back in the bridge", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    const bridge = await waitFor("the agent's bridge", () => agentBridge(bench!.server));
    bench.engine.holdCall(AGENT);
    await waitFor("the caller out of the bridge", () => (bridgeOf(bench!, call.channelId) === undefined ? true : undefined));

    bench.engine.resumeCall(AGENT);
    const back = await waitFor("the caller back in the bridge", () => bridgeOf(bench!, call.channelId));

    expect(back.id).toBe(bridge.id);
    expect(back.channels).toHaveLength(2);
    expect(bench.server.control.channelFlags(call.channelId).mohClass).toBeUndefined();
    call.hangUp();
    await call.finished;
  });

  test("console hang-up ends the agent's leg only", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    await waitFor("the agent's bridge", () => agentBridge(bench!.server));

    bench.engine.endCall(AGENT);
    const result = await call.finished;

    expect(result.reason).toBe("completed");
    expect(result.variables.acdAgent).toBe(AGENT);
    expect(await bridgesGone(bench)).toBe(true);
    expect(bench.engine.state.agents.get(AGENT)!.state).toBe("wrap-up");
  });

  test("transfer to an agent bridges that agent's phone", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    await waitFor("the agent's bridge", () => agentBridge(bench!.server));
    bench.engine.login(SECOND_AGENT, { ready: true });

    bench.engine.transfer(AGENT, { type: "agent", agentId: SECOND_AGENT });
    const bridge = await waitFor("the second agent's bridge", () => {
      const found = bridgeOf(bench!, call.channelId);

      return found !== undefined && found.channels.length === 2 && channelNames(bench!, found).some((name) => name.startsWith(SECOND_AGENT_PHONE)) ? found : undefined;
    });

    expect(bridge.bridge_type).toBe("mixing");
    expect(bench.engine.state.agents.get(SECOND_AGENT)!.state).toBe("on-call");
    expect(bench.engine.state.agents.get(AGENT)!.state).toBe("wrap-up");
    expect(channelNames(bench, bridge).some((name) => name.startsWith(AGENT_PHONE))).toBe(false);
    call.hangUp();
    await call.finished;
  });

  test("transfer to an external number bridges it", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    bench.server.control.setExtension("outbound", "0223456789", extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    await waitFor("the agent's bridge", () => agentBridge(bench!.server));

    bench.engine.transfer(AGENT, { type: "external", number: "0223456789" });
    const bridge = await waitFor("the external number's bridge", () => {
      const found = bridgeOf(bench!, call.channelId);

      return found !== undefined && found.channels.length === 2 && channelNames(bench!, found).some((name) => name.startsWith("Local/0223456789@outbound")) ? found : undefined;
    });

    expect(bridge.channels).toHaveLength(2);
    expect(bench.engine.state.agents.get(AGENT)!.today.callsMade).toBe(1);
    expect(bench.engine.state.calls.size).toBe(0);
    call.hangUp();
    await call.finished;
  });

  test("transfer to a flow runs it with the data packet", async () => {
    const requested: string[] = [];
    bench = await startBench(client, extensions.answer({ ringMs: 200 }), {
      transferFlows: {
        plan: async (name) => {
          requested.push(name);
          return compileCardServices();
        },
      },
    });
    const call = bench.call();
    await waitFor("the agent's bridge", () => agentBridge(bench!.server));

    bench.engine.transfer(AGENT, { type: "flow", flow: "card-services" });
    // The request log keeps the play request after the short prompt has ended.
    const played = await waitFor("the transfer flow's prompt", () => bench!.server.control.requests().find((request) => request.path.endsWith("/play") && request.query.media === ttsUri("4012 card help")));
    const result = await call.finished;

    expect(requested).toEqual(["card-services"]);
    expect(played.path).toBe(`/channels/${call.channelId}/play`);
    expect(played.status).toBe(201);
    expect(result.variables.acdOverflowTarget).toBeUndefined();
    expect(await bridgesGone(bench)).toBe(true);
  });

  test("transfer to a flow without flows leaves by overflow", async () => {
    bench = await startBench(client, extensions.answer({ ringMs: 200 }));
    const call = bench.call();
    await waitFor("the agent's bridge", () => agentBridge(bench!.server));

    bench.engine.transfer(AGENT, { type: "flow", flow: "card-services" });
    const result = await call.finished;

    expect(result.variables.acdOverflowTarget).toEqual({ type: "flow", flow: "card-services" });
    expect(result.variables.cardNo).toBe("4012");
    expect(await bridgesGone(bench)).toBe(true);
  });
});
