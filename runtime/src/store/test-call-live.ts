import { randomUUID } from "node:crypto";

import { getFlowVersion, getFlowWithDraft, type TenantScope } from "@callflow/db";
import {
  SimulatedChannel,
  type CallerAction,
  type Clock,
  type CompileResult,
  type Logger,
  type MediaRequest,
  type NodeRegistry,
  type PlaybackResult,
  type Plan,
  type SimulatedChannelOptions,
  type TraceEvent,
} from "@callflow/sdk";

import { ApiError, notFound } from "../api/api-error.js";
import { compileForTenant } from "../api/flows/compile-for-tenant.js";
import type { CallRecord, CallStart } from "../service/call-service.js";
import { Session } from "../session/session.js";
import { compilePublishedVersion } from "./database-library.js";
import type { RuntimeStore } from "./runtime-store.js";
import type { TestCallAudio } from "./test-call-audio.js";
import { shiftedRealClock } from "./test-call-clock.js";
import type { StartMessage } from "./test-call-messages.js";
import { readCallerInput } from "./test-call-replay.js";

/** Settings shared by every live test call of a service. */
export interface LiveTestCallSettings {
  store: RuntimeStore;
  /** Node types with their `run`, as the call service uses them. */
  registry: NodeRegistry;
  audio: TestCallAudio;
  logger: Logger;
  /** IANA time zone of business-hours nodes without their own. */
  timeZone: string;
  /** Milliseconds after which a test call is stopped. Default 30 minutes. */
  maxDurationMs?: number;
}

/** A prompt as the test call socket reports it. */
export interface LivePrompt {
  nodeId: string;
  text: string;
  language: string;
  audioUrl: string | null;
}

/** Receives what a live test call does. */
export interface LiveTestCallListener {
  trace(event: TraceEvent): void;
  prompt(prompt: LivePrompt): void;
  ended(result: { callId: string; reason: string; durationMs: number }): void;
}

/** The tenant and the visibility of sensitive values of a test call's user. */
export interface TestCaller {
  tenantId: string;
  /** Whether the user may see values of sensitive variables in prompt texts. */
  maySeeSensitive: boolean;
}

/** A running test call. */
export interface LiveTestCall {
  callId: string;
  flowId: string;
  version: number | null;
  /** True when the call replays a stored call's input and takes no live keys. */
  replaying: boolean;
  pressKeys(digits: string): void;
  hangup(): void;
  /** Settles when the call has ended and its slot is given back. */
  done: Promise<void>;
}

/** A simulated channel that reports each playback as it starts, for prompts shown live. */
class TestCallChannel extends SimulatedChannel {
  constructor(
    options: SimulatedChannelOptions,
    private readonly onPlay: (media: MediaRequest) => void,
  ) {
    super(options);
  }

  override play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult> {
    if (!this.ended) this.onPlay(media);
    return super.play(media, signal);
  }
}

interface PreparedCall {
  plan: Plan;
  version: number | null;
  replay: CallerAction[] | undefined;
}

/**
 * Starts a simulated call of a flow's draft or published version on the real clock, shifted to
 * start at `request.at`. The call counts against the tenant's `test` call slots, and leaves a
 * call record of channel `test` with its trace, like the calls of `POST /api/test-calls`.
 *
 * @throws ApiError when the flow, version or replayed call is not found (404), the flow does
 *   not compile (422), the language is not the flow's (400), or no test call slot is free (429)
 */
export async function startLiveTestCall(settings: LiveTestCallSettings, caller: TestCaller, request: StartMessage, listener: LiveTestCallListener): Promise<LiveTestCall> {
  const { store } = settings;
  const prepared = await store.db.withTenant(caller.tenantId, (scope) => prepareCall(scope, settings.registry, request));
  const slot = await store.db.acquireCallSlot(caller.tenantId, "test");

  if (!slot.admitted) {
    throw slot.reason === "tenant-suspended" ? new ApiError(403, "tenant-suspended") : new ApiError(429, "test-call-limit", { limit: slot.limit });
  }
  try {
    return runCall(settings, caller, request, prepared, listener);
  } catch (error) {
    await store.db.releaseCallSlot(caller.tenantId, "test");
    throw error;
  }
}

async function prepareCall(scope: TenantScope, registry: NodeRegistry, request: StartMessage): Promise<PreparedCall> {
  const flow = await getFlowWithDraft(scope, request.flowId);
  let result: CompileResult;
  let version: number | null = null;

  if (request.source.kind === "draft") {
    result = await compileForTenant(scope, { name: flow.name, document: flow.document }, registry);
  } else {
    const stored = await getFlowVersion(scope, request.flowId, request.source.version);

    version = stored.version;
    result = await compilePublishedVersion(scope, { flowId: request.flowId, name: flow.name, kind: flow.kind, version, document: stored.document, publishedAt: stored.publishedAt }, registry);
  }
  if (!result.ok) {
    const errors = result.problems.filter((problem) => problem.severity === "error");

    throw new ApiError(422, "flow-not-runnable", { count: errors.length, first: (errors[0]?.message ?? "").replace(/\.$/, "") }, { problems: errors });
  }
  if (request.language !== undefined && !result.plan.languages.includes(request.language)) {
    throw new ApiError(400, "invalid-message", { detail: `start.language: the flow speaks ${result.plan.languages.join(", ")}; choose one of them` });
  }

  let replay: CallerAction[] | undefined;
  if (request.replayCallId !== undefined) {
    const input = await readCallerInput(scope, request.replayCallId);

    if (!input) throw notFound("call");
    replay = input.actions;
  }
  return { plan: result.plan, version, replay };
}

// Whether a prompt's text may contain the value of a sensitive variable: once one is set, or
// when one starts with a value.
// NOTE: initial values of a subflow's sensitive variables are not seen here.
function sensitiveValuesPossible(plan: Plan): boolean {
  return Object.values(plan.variables).some((declaration) => declaration.sensitive && declaration.initial !== undefined);
}

function runCall(settings: LiveTestCallSettings, caller: TestCaller, request: StartMessage, prepared: PreparedCall, listener: LiveTestCallListener): LiveTestCall {
  const { store, audio } = settings;
  const callId = randomUUID();
  const clock: Clock = shiftedRealClock(request.at === undefined ? Date.now() : Date.parse(request.at));
  let currentNode = "";
  // A user without sensitive.view gets each prompt when it ends, from the trace, whose text is
  // rendered from redacted values, once the call may hold a sensitive value.
  let withholdLivePrompts = !caller.maySeeSensitive && sensitiveValuesPossible(prepared.plan);
  const showPrompt = (nodeId: string, media: MediaRequest) =>
    listener.prompt({ nodeId, text: media.text ?? "", language: media.language, audioUrl: audio.add(callId, media) });

  const channel = new TestCallChannel({ clock, callId, caller: request.caller, called: request.called, script: prepared.replay ?? [] }, (media) => {
    if (!withholdLivePrompts) showPrompt(currentNode, media);
  });
  const start: CallStart = { callId, tenantId: caller.tenantId, flow: request.flowId, flowVersion: prepared.version ?? undefined, caller: request.caller, called: request.called, startedAt: clock.now() };

  store.channelKinds.set(callId, "test");
  audio.open(callId);
  const storeSink = store.writer.traceSink(callId, start);
  const session = new Session({
    plan: prepared.plan,
    flowVersion: prepared.version ?? undefined,
    channel,
    clock,
    logger: settings.logger.child({ tenantId: caller.tenantId, testCall: true }),
    tenantId: caller.tenantId,
    timeZone: settings.timeZone,
    services: store.serviceOptions().services?.(caller.tenantId),
    sink: {
      write: (event) => {
        storeSink.write(event);
        if (event.type === "node.entered") currentNode = event.nodeId;
        if (event.type === "prompt.played" && event.outcome !== "skipped" && withholdLivePrompts) showPrompt(event.nodeId, { language: event.language, text: event.text, uri: event.media });
        if (event.type === "variable.changed" && event.sensitive && !caller.maySeeSensitive) withholdLivePrompts = true;
        listener.trace(event);
      },
    },
  });

  if (request.language !== undefined) session.call.setLanguage(request.language);
  const limit = setTimeout(() => session.stop(), settings.maxDurationMs ?? 30 * 60_000);
  const done = session.run().then(async (result) => {
    const record: CallRecord = { ...start, flowVersion: prepared.version ?? undefined, answeredAt: result.answeredAt, endedAt: clock.now(), outcome: result.reason };

    clearTimeout(limit);
    store.writer.callEnded(record);
    store.channelKinds.delete(callId);
    audio.close(callId);
    await releaseSlot(settings, caller.tenantId, callId);
    listener.ended({ callId, reason: result.reason, durationMs: result.durationMs });
  });

  return {
    callId,
    flowId: request.flowId,
    version: prepared.version,
    replaying: prepared.replay !== undefined,
    pressKeys: (digits) => {
      for (const key of digits) channel.pressKey(key);
    },
    hangup: () => channel.hangupFromCaller(),
    done,
  };
}

async function releaseSlot(settings: LiveTestCallSettings, tenantId: string, callId: string): Promise<void> {
  try {
    await settings.store.db.releaseCallSlot(tenantId, "test");
  } catch (error) {
    // NOTE: the slot stays taken in the database until the counters are reconciled.
    settings.logger.error({ err: error, tenantId, callId }, "giving back a test call slot failed");
  }
}
