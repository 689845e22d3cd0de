import type { DialOutcome, DialRequest } from "@callflow/sdk";

import { AriRequestError } from "./ari-errors.js";
import type { AriChannelHost } from "./ari-channel.js";

/** Events of an outbound leg that the connection forwards to its transfer. */
export interface TransferLeg {
  onStasisStart(): void;
  onDial(status: string): void;
  /** The leg left the application (StasisEnd) or was destroyed; `cause` is Q.850 when known. */
  onGone(cause?: number): void;
}

/** Outbound legs by channel id, so their events do not start sessions of their own. */
export type TransferLegRegistry = Map<string, TransferLeg>;

const PROGRESS_STATUSES = new Set(["", "RINGING", "PROGRESS", "PROCEEDING"]);

/** Stasis argument that marks a leg this adapter originated. */
export const TRANSFER_LEG_ARG = "callflow-transfer-leg";

interface Ids {
  callerChannelId: string;
  legId: string;
  bridgeId: string;
}

/** Hooks of the caller's channel into one dial. */
export interface DialHooks {
  /** Both legs are in the bridge. */
  onBridged?(): void;
  /** The dial has settled; the bridge is being destroyed. */
  onSettled?(): void;
}

/**
 * Originates an outbound leg and, when it answers, bridges it with the caller in a mixing
 * bridge. Resolves `answered` once the far side has hung up with the caller still there, or how
 * the leg failed. A failed leg never reaches Stasis, so the outcome then comes from its Dial
 * status or, lacking one, the Q.850 cause of its ChannelDestroyed.
 */
export function dialAndBridge(host: AriChannelHost, ids: Ids, request: DialRequest, signal: AbortSignal, hooks: DialHooks = {}): Promise<DialOutcome> {
  return new Promise<DialOutcome>((resolve) => {
    let dialStatus: string | undefined;
    let answered = false;
    let bridged = false;
    let settled = false;

    const destroyBridge = (): void => {
      host.ops.destroyBridge(ids.bridgeId).catch((error: unknown) => logUnlessGone(host, error, "destroying the transfer bridge failed"));
    };
    const finish = (outcome: DialOutcome): void => {
      if (settled) return;
      settled = true;
      host.legs.delete(ids.legId);
      signal.removeEventListener("abort", onAbort);
      // A bridge still being built is destroyed once it is built, below.
      if (bridged) destroyBridge();
      hooks.onSettled?.();
      resolve(outcome);
    };
    // The caller hung up, or the session ends the leg and keeps the caller (the agent hung up
    // or transferred the call from the console).
    const onAbort = (): void => {
      host.ops.hangup(ids.legId).catch((error: unknown) => logUnlessGone(host, error, "hanging up the transfer leg failed"));
      finish(answered ? "answered" : "failed");
    };

    host.legs.set(ids.legId, {
      onDial: (status) => {
        // "", RINGING, PROGRESS and PROCEEDING report progress; only final statuses decide.
        if (!PROGRESS_STATUSES.has(status)) dialStatus = status;
      },
      onStasisStart: () => {
        answered = true;
        bridge(host, ids).then(
          () => {
            bridged = true;
            if (settled) destroyBridge();
            else hooks.onBridged?.();
          },
          (error: unknown) => {
            host.logger.warn({ err: error, legId: ids.legId }, "bridging the transfer failed; hanging up the outbound leg");
            host.ops.hangup(ids.legId).catch((error: unknown) => logUnlessGone(host, error, "hanging up the transfer leg failed"));
            finish("failed");
          },
        );
      },
      onGone: (cause) => finish(answered ? "answered" : outcomeOf(dialStatus, cause)),
    });
    signal.addEventListener("abort", onAbort, { once: true });
    host.ops
      .originate({
        channelId: ids.legId,
        endpoint: request.endpoint,
        app: host.app,
        appArgs: TRANSFER_LEG_ARG,
        callerId: request.callerId,
        timeout: request.timeoutSeconds,
        variables: request.variables ?? {},
      })
      .catch((error: unknown) => {
        // 400 (bad endpoint) and 500 (unknown technology) are the flow's or the far end's problem.
        host.logger.warn({ err: error, endpoint: request.endpoint }, "originating the transfer failed");
        if (!(error instanceof AriRequestError)) host.logger.error({ err: error }, "unexpected originate failure");
        finish("failed");
      });
  });
}

async function bridge(host: AriChannelHost, ids: Ids): Promise<void> {
  await host.ops.createBridge(ids.bridgeId);
  await host.ops.addToBridge(ids.bridgeId, [ids.callerChannelId, ids.legId]);
}

// Asterisk reports a rejected call (cause 21) with dial status NOANSWER, and a busy one with
// cause 0 on the leg, so the two signals are read together.
function outcomeOf(dialStatus: string | undefined, cause: number | undefined): DialOutcome {
  if (cause === 21) return "failed";
  if (dialStatus === "BUSY") return "busy";
  if (dialStatus === "NOANSWER") return "noAnswer";
  if (dialStatus !== undefined) return "failed";
  if (cause === 17) return "busy";
  if (cause === 18 || cause === 19) return "noAnswer";
  return "failed";
}

// For requests that no caller awaits: 404/409 means the leg or bridge is already gone, as expected.
function logUnlessGone(host: AriChannelHost, error: unknown, message: string): void {
  if (error instanceof AriRequestError && (error.failure === "not-found" || error.failure === "not-in-stasis")) return;
  host.logger.warn({ err: error }, message);
}
