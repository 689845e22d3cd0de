import { z } from "zod";

import { defineSpec, promptSchema, specRegistry, type FlowKind, type SpecRegistry } from "../../src/index.js";

// Small node types for compiler tests. They do not use the real node library (@callflow/nodes),
// so a change there cannot move the compiler's golden results.

const ALL_KINDS: readonly FlowKind[] = ["ivr", "routing", "outbound", "workflow", "survey"];
const title = (en: string) => ({ en, "zh-Hans": en, "zh-Hant": en });

/** Entry node with one `next` port. */
export const startSpec = defineSpec({
  type: "test.start",
  version: 1,
  category: "call",
  kinds: ALL_KINDS,
  title: title("Start"),
  description: title("Starts the test flow."),
  configSchema: z.object({}),
  ports: ["next"],
  capabilities: [],
});

/** End of the flow, with no output port besides `error`. */
export const endSpec = defineSpec({
  type: "test.end",
  version: 1,
  category: "call",
  kinds: ALL_KINDS,
  title: title("End"),
  description: title("Ends the test flow."),
  configSchema: z.object({}),
  ports: [],
  terminal: true,
  capabilities: [],
});

/** Waits for the caller, so a loop through it is allowed. */
export const waitSpec = defineSpec({
  type: "test.wait",
  version: 1,
  category: "ivr",
  kinds: ALL_KINDS,
  title: title("Wait"),
  description: title("Waits for a key."),
  configSchema: z.object({}),
  ports: ["next"],
  waits: "caller",
  capabilities: ["telephony"],
});

/** Writes `variable` from a JSONata `expression`. Version 2, so typeVersion 3 is too new. */
export const setSpec = defineSpec({
  type: "test.set",
  version: 2,
  category: "logic",
  kinds: ALL_KINDS,
  title: title("Set"),
  description: title("Sets a variable."),
  configSchema: z.object({ variable: z.string().min(1), expression: z.string() }),
  ports: ["next"],
  capabilities: [],
  prepare: (config, tools) => {
    tools.writes(config.variable);

    return { variable: config.variable, expression: tools.expression(config.expression, "/expression") };
  },
});

/** Plays a prompt. */
export const saySpec = defineSpec({
  type: "test.say",
  version: 1,
  category: "media",
  kinds: ALL_KINDS,
  title: title("Say"),
  description: title("Plays a prompt."),
  configSchema: z.object({ prompt: promptSchema }),
  ports: ["next"],
  capabilities: ["telephony"],
  prepare: (config, tools) => ({ prompt: tools.prompt(config.prompt, "/prompt") }),
});

/** Runs a subflow by name. */
export const subSpec = defineSpec({
  type: "test.sub",
  version: 1,
  category: "flow",
  kinds: ALL_KINDS,
  title: title("Subflow"),
  description: title("Runs another flow."),
  configSchema: z.object({ flow: z.string().min(1) }),
  ports: ["next"],
  capabilities: [],
  prepare: (config, tools) => ({ plan: tools.subflow(config.flow, "/flow") }),
});

/** Branches on a holiday calendar by name. */
export const calendarSpec = defineSpec({
  type: "test.cal",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: title("Calendar"),
  description: title("Checks a holiday calendar."),
  configSchema: z.object({ calendar: z.string().min(1) }),
  ports: ["open", "closed"],
  capabilities: [],
  prepare: (config, tools) => ({ calendar: tools.calendar(config.calendar, "/calendar") }),
});

/** A DTMF menu: one required port per option plus `timeout`. Not allowed in workflow flows. */
export const menuSpec = defineSpec({
  type: "test.menu",
  version: 1,
  category: "ivr",
  kinds: ["ivr", "survey"],
  title: title("Menu"),
  description: title("Offers options by key."),
  configSchema: z.object({
    options: z.array(z.object({ key: z.string().regex(/^[0-9*#]+$/), port: z.string().regex(/^[a-z][A-Za-z0-9]*$/) })).min(1),
  }),
  ports: (config) => [...config.options.map((option) => option.port), "timeout"],
  requiredPorts: (config) => config.options.map((option) => option.port),
  waits: "caller",
  capabilities: ["telephony"],
});

/** Every test spec, in registration order. */
export const TEST_SPECS = [startSpec, endSpec, waitSpec, setSpec, saySpec, subSpec, calendarSpec, menuSpec];

/** Builds a spec registry of {@link TEST_SPECS}. */
export function testRegistry(): SpecRegistry {
  return specRegistry(TEST_SPECS);
}
