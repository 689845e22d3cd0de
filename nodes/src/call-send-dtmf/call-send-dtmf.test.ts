import { runNode } from "@callflow/sdk";

import { callSendDtmfNode } from "./run.js";

describe("call.sendDtmf", () => {
  test("sends the rendered keys", async () => {
    const result = await runNode(callSendDtmfNode, { keys: "{{pin}}#" }, { variables: { pin: "1234" } });

    expect(result.port).toBe("next");
    expect(result.channel.sentDtmf).toEqual(["1234#"]);
  });

  test("keys that are not DTMF fail the node", async () => {
    const result = await runNode(callSendDtmfNode, { keys: "{{pin}}" }, { variables: { pin: "12x" } });

    expect(result.port).toBe("error");
    expect((result.error as Error).message).toContain('"12x" is not a DTMF sequence');
  });
});
