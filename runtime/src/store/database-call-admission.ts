import type { CallflowDatabase, ChannelKind } from "@callflow/db";
import { silentLogger, type Channel, type Logger } from "@callflow/sdk";

import type { DirectoryEntry } from "../directory/directory.js";
import type { AdmissionResult, CallAdmission } from "../service/call-service.js";
import { BUSY_PROMPT, UNAVAILABLE_PROMPT } from "../service/service-prompts.js";
import { SUSPENDED_PROMPT } from "./suspended-prompt.js";

// Q.850 causes of the hang-up after a refusal.
const CAUSE_USER_BUSY = 17;
const CAUSE_CALL_REJECTED = 21;
const CAUSE_TEMPORARY_FAILURE = 41;

/**
 * Admits calls by the tenant's concurrent-call quota of the call's channel kind, with the
 * database's call slots, so the limit applies across every runtime process on the database. A
 * refused call is counted in the slot counter's `refused_total`. A suspended tenant's callers
 * hear that the service is suspended; when the database fails, callers hear that the service
 * is unavailable, and no slot is taken.
 */
export class DatabaseCallAdmission implements CallAdmission {
  constructor(
    private readonly db: CallflowDatabase,
    /** Channel kind of a call, such as `test` for the studio's test calls. */
    private readonly channelKind: (channel: Channel) => ChannelKind,
    private readonly logger: Logger = silentLogger,
  ) {}

  async admit(entry: DirectoryEntry, channel: Channel): Promise<AdmissionResult> {
    const kind = this.channelKind(channel);
    let slot;

    try {
      slot = await this.db.acquireCallSlot(entry.tenantId, kind);
    } catch (error) {
      this.logger.error({ err: error, callId: channel.callId, tenantId: entry.tenantId, channelKind: kind }, "taking a call slot failed; refusing the call");
      return { admitted: false, outcome: "unavailable", prompt: UNAVAILABLE_PROMPT, cause: CAUSE_TEMPORARY_FAILURE };
    }

    if (slot.admitted) {
      return { admitted: true, release: () => this.release(entry.tenantId, kind, channel.callId) };
    }
    if (slot.reason === "tenant-suspended") {
      return { admitted: false, outcome: "suspended", prompt: SUSPENDED_PROMPT, cause: CAUSE_CALL_REJECTED };
    }
    return { admitted: false, outcome: "busy", prompt: BUSY_PROMPT, cause: CAUSE_USER_BUSY };
  }

  private async release(tenantId: string, kind: ChannelKind, callId: string): Promise<void> {
    try {
      const released = await this.db.releaseCallSlot(tenantId, kind);

      if (!released) this.logger.error({ tenantId, channelKind: kind, callId }, "no call slot of this process was held when the call ended: it was given back twice, or another process reconciled this one as dead");
    } catch (error) {
      // NOTE: the slot stays taken in the database until this process stops and gives back
      // its holds, or dies and another process reconciles them.
      this.logger.error({ err: error, tenantId, channelKind: kind, callId }, "giving back a call slot failed");
    }
  }
}
