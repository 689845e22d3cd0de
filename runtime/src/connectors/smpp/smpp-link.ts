import type { Socket } from "node:net";

import type { Logger } from "@callflow/sdk";
import { PDU, Session } from "./smpp-package.js";

import { formatHostPort } from "../../egress/egress-error.js";
import type { EgressGuard } from "../../egress/egress-guard.js";
import type { OpenConnection } from "../../egress/open-connection.js";
import { readDeliveryReceipt, type DeliverSm, type DeliveryReceipt } from "./delivery-receipt.js";
import { describeStatus, SmppError } from "./smpp-errors.js";
import type { SmppConnectorSettings } from "./smpp-settings.js";
import type { SmsPart } from "./sms-encoding.js";

/** Options of an {@link SmppLink}. */
export interface SmppLinkOptions {
  readonly connector: string;
  readonly settings: SmppConnectorSettings;
  /** `username` is the bind's system_id. */
  readonly credentials: { readonly username: string; readonly password: string };
  readonly guard: EgressGuard;
  readonly openConnection: OpenConnection;
  readonly log: Logger;
}

/** Receipts kept for message ids that no call waits for yet, oldest dropped first. */
const UNCLAIMED_RECEIPTS = 1000;

/**
 * One bind_transceiver to a message center, kept open and shared by every message of a
 * connector. It binds on first use and again after the connection closes, responds to the
 * center's enquire_link and deliver_sm, and hands delivery receipts to the calls waiting for
 * them by message id.
 */
export class SmppLink {
  private bound?: Promise<Session>;
  private current?: Session;
  private enquireTimer?: NodeJS.Timeout;
  private closed = false;
  private reference = Math.floor(Math.random() * 256);
  private readonly unclaimed = new Map<string, DeliveryReceipt>();
  private readonly waiters = new Map<string, (receipt: DeliveryReceipt) => void>();
  private readonly target: string;

  constructor(private readonly options: SmppLinkOptions) {
    this.target = formatHostPort(options.settings.host, options.settings.port);
  }

  /** Returns the next 8-bit reference number for a concatenated message's header. */
  nextReference(): number {
    this.reference = (this.reference + 1) & 0xff;
    return this.reference;
  }

  /**
   * Sends one submit_sm per part, in order, and returns the message ids.
   *
   * @throws SmppError when binding fails, the center rejects a part or does not respond in time
   */
  async submit(to: string, parts: readonly SmsPart[], payload: boolean): Promise<string[]> {
    const session = await this.bind();
    const { settings } = this.options;
    const messageIds: string[] = [];

    for (const part of parts) {
      const pdu = new PDU("submit_sm", {
        service_type: "",
        source_addr_ton: settings.sourceTon,
        source_addr_npi: settings.sourceNpi,
        source_addr: settings.sourceAddress,
        dest_addr_ton: settings.destinationTon,
        dest_addr_npi: settings.destinationNpi,
        destination_addr: to,
        esm_class: part.hasHeader ? 0x40 : 0x00,
        // 0x01 requests a receipt on the final outcome, and 0x10 adds intermediate notifications.
        registered_delivery: settings.intermediateReceipts ? 0x11 : 0x01,
        data_coding: part.dataCoding,
        ...(payload ? { short_message: Buffer.alloc(0), message_payload: part.shortMessage } : { short_message: part.shortMessage }),
      });
      const response = await this.request(session, pdu, settings.submitTimeoutMs, "submit_sm");

      if (response.command_status !== 0) {
        throw new SmppError("smpp-submit-rejected", `message center ${this.target} rejected the SMS to ${to} with status ${describeStatus(response.command_status)}; check the number and the connector's addresses`, {
          commandStatus: response.command_status,
        });
      }
      messageIds.push(String(response.message_id));
    }
    return messageIds;
  }

  /**
   * Waits for a receipt for every message id. Resolves with them in the ids' order, or with
   * undefined when `timeoutMs` passes first.
   *
   * @throws the signal's reason when it aborts
   */
  waitForReceipts(messageIds: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<DeliveryReceipt[] | undefined> {
    const found = new Map<string, DeliveryReceipt>();

    return new Promise((resolve, reject) => {
      const cleanUp = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        for (const id of messageIds) this.waiters.delete(id);
      };
      const accept = (receipt: DeliveryReceipt): void => {
        found.set(receipt.messageId, receipt);
        if (found.size < messageIds.length) return;
        cleanUp();
        resolve(messageIds.map((id) => found.get(id)!));
      };
      const onAbort = (): void => {
        cleanUp();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        cleanUp();
        resolve(undefined);
      }, timeoutMs);

      signal.addEventListener("abort", onAbort, { once: true });
      for (const id of messageIds) this.waiters.set(id, accept);
      // A receipt can arrive before the caller starts waiting, so earlier ones are taken first.
      for (const id of messageIds) {
        const receipt = this.unclaimed.get(id);

        if (receipt === undefined) continue;
        this.unclaimed.delete(id);
        accept(receipt);
      }
    });
  }

  /** Unbinds and closes the connection; later submissions fail. */
  close(): void {
    this.closed = true;
    clearInterval(this.enquireTimer);
    if (this.current === undefined) return;
    this.current.send(new PDU("unbind"));
    this.current.close();
  }

  private bind(): Promise<Session> {
    if (this.closed) return Promise.reject(new SmppError("smpp-connection-closed", `SMPP connector "${this.options.connector}" is closed`));
    this.bound ??= this.open().catch((error: unknown) => {
      this.bound = undefined;
      throw error;
    });
    return this.bound;
  }

  private async open(): Promise<Session> {
    const { settings, credentials, connector, log } = this.options;
    const deadline = AbortSignal.timeout(settings.bindTimeoutMs);
    const destination = await this.options.guard.resolve(settings.host, settings.port, deadline);
    const socket = await this.connected(this.options.openConnection(destination, settings.tls ? { ca: settings.ca } : undefined), deadline);
    // PDUs are small request and response pairs, so Nagle's algorithm would only delay them.
    socket.setNoDelay(true);
    const session = new Session({ socket });

    session.on("deliver_sm", (pdu: PDU) => this.onDeliverSm(session, pdu));
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("error", (error: unknown) => log.warn({ connector, target: this.target, err: error }, "SMPP connection failed"));
    session.on("close", () => this.onClose(session));
    const bindPdu = new PDU("bind_transceiver", { system_id: credentials.username, password: credentials.password, system_type: settings.systemType, interface_version: 0x34 });
    const response = await this.request(session, bindPdu, settings.bindTimeoutMs, "bind_transceiver");

    if (response.command_status !== 0) {
      session.destroy();
      throw new SmppError("smpp-bind-failed", `message center ${this.target} rejected the bind of connector "${connector}" as system_id "${credentials.username}" with status ${describeStatus(response.command_status)}; check the system_id and password in the connector's secret`, {
        commandStatus: response.command_status,
      });
    }
    this.current = session;
    this.enquireTimer = setInterval(() => session.send(new PDU("enquire_link")), settings.enquireLinkMs).unref();
    log.info({ connector, target: this.target }, "SMPP bound");
    return session;
  }

  private onDeliverSm(session: Session, pdu: PDU): void {
    session.send(pdu.response());
    const receipt = readDeliveryReceipt(pdu as DeliverSm);

    if (receipt === undefined) {
      this.options.log.debug({ connector: this.options.connector }, "SMPP deliver_sm without a receipt ignored");
      return;
    }
    const waiter = this.waiters.get(receipt.messageId);

    if (waiter !== undefined) return waiter(receipt);
    this.unclaimed.set(receipt.messageId, receipt);
    if (this.unclaimed.size > UNCLAIMED_RECEIPTS) this.unclaimed.delete(this.unclaimed.keys().next().value!);
  }

  // NOTE: nothing binds again until the next submission, so calls still waiting for receipts
  // when the connection drops get them only if another message is sent before their timeout.
  private onClose(session: Session): void {
    if (this.current !== session) return;
    clearInterval(this.enquireTimer);
    this.current = undefined;
    this.bound = undefined;
    this.options.log.info({ connector: this.options.connector, target: this.target }, "SMPP connection closed");
  }

  // Sends a request PDU and resolves with its response; a timeout or a closed connection rejects.
  private request(session: Session, pdu: PDU, timeoutMs: number, command: string): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const closedError = new SmppError("smpp-connection-closed", `connection to message center ${this.target} closed before the ${command} response; check the connector's host, port and TLS setting`);
      const timer = setTimeout(() => {
        session.off("close", onClose);
        reject(new SmppError("smpp-timeout", `message center ${this.target} sent no ${command} response within ${timeoutMs} ms; check that it is up, or raise the connector's timeout`));
      }, timeoutMs);
      const onClose = (): void => {
        clearTimeout(timer);
        reject(closedError);
      };

      session.once("close", onClose);
      const sent = session.send(pdu, (response) => {
        clearTimeout(timer);
        session.off("close", onClose);
        resolve(response);
      });

      if (!sent) onClose();
    });
  }

  private connected(socket: Socket, deadline: AbortSignal): Promise<Socket> {
    const event = this.options.settings.tls ? "secureConnect" : "connect";

    return new Promise((resolve, reject) => {
      const fail = (error: unknown): void => {
        deadline.removeEventListener("abort", onTimeout);
        socket.destroy();
        reject(error);
      };
      const onTimeout = (): void => fail(new SmppError("smpp-timeout", `connecting to message center ${this.target} timed out; check that it is up and reachable`));

      deadline.addEventListener("abort", onTimeout, { once: true });
      socket.once("error", fail);
      socket.once(event, () => {
        deadline.removeEventListener("abort", onTimeout);
        socket.off("error", fail);
        resolve(socket);
      });
    });
  }
}
