import type { FlowKind } from "@callflow/sdk";

/** Flow kinds that have a live call: nodes that talk to the caller fit these. */
export const CALL_KINDS: readonly FlowKind[] = ["ivr", "survey", "outbound", "routing"];

/** Every flow kind: logic and utility nodes fit all of them. */
export const ALL_KINDS: readonly FlowKind[] = ["ivr", "routing", "outbound", "workflow", "survey"];
