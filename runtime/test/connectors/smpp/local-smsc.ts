import { createServer, PDU, type Session } from "../../../src/connectors/smpp/smpp-package.js";

/** A submit_sm the center received, with its text decoded by the smpp package. */
export interface ReceivedSubmit {
  messageId: string;
  systemId: string;
  source: string;
  destination: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  text: string;
  /** Concatenation header (reference, total, index) when the part has one. */
  segment?: { reference: number; total: number; index: number };
  /** True when the text came in message_payload. */
  payload: boolean;
}

/** The center's response to a submission: a receipt status word and where the receipt carries it, or no receipt. */
export type ReceiptPlan = { stat: string; form: "text" | "parameters" } | "none";

/** An SMPP server from the smpp package on 127.0.0.1 that sends a receipt for each submission. */
export interface LocalSmsc {
  port: number;
  /** system_ids of accepted binds, in order. */
  binds: string[];
  submits: ReceivedSubmit[];
  /** Reassembles the text sent to a destination from its parts. */
  textTo(destination: string): string;
  close(): Promise<void>;
}

const MESSAGE_STATES: Record<string, number> = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

/**
 * Starts a {@link LocalSmsc}. It accepts the bind of system_id `bank` with password `pw`, rejects
 * destination `0` with ESME_RINVDSTADR, and sends each accepted part's receipt as `plan` returns it.
 */
export async function startLocalSmsc(plan: (destination: string) => ReceiptPlan): Promise<LocalSmsc> {
  const binds: string[] = [];
  const submits: ReceivedSubmit[] = [];
  let nextId = 1;
  const server = createServer((session: Session) => {
    let systemId = "";

    // The receipt follows the submit_sm_resp at once. Without this, Nagle's algorithm delays it until the client's delayed ACK.
    session.socket.setNoDelay(true);

    session.on("bind_transceiver", (pdu: PDU) => {
      if (pdu.system_id !== "bank" || pdu.password !== "pw") return session.send(pdu.response({ command_status: 0x0e }));
      systemId = String(pdu.system_id);
      binds.push(systemId);
      session.send(pdu.response({ system_id: "local-smsc" }));
    });
    session.on("enquire_link", (pdu: PDU) => session.send(pdu.response()));
    session.on("unbind", (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on("submit_sm", (pdu: PDU) => {
      const destination = String(pdu.destination_addr);

      if (destination === "0") return session.send(pdu.response({ command_status: 0x0b }));
      const messageId = `m${(nextId++).toString(16)}`;

      submits.push(received(pdu, messageId, systemId));
      session.send(pdu.response({ message_id: messageId }), () => sendReceipt(session, pdu, messageId, plan(destination)));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    binds,
    submits,
    textTo: (destination) =>
      submits
        .filter((s) => s.destination === destination)
        .sort((a, b) => (a.segment?.index ?? 0) - (b.segment?.index ?? 0))
        .map((s) => s.text)
        .join(""),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of server.sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function received(pdu: PDU, messageId: string, systemId: string): ReceivedSubmit {
  const payload = pdu.message_payload !== undefined;
  const message = (payload ? pdu.message_payload : pdu.short_message) as { message: string; udh?: Buffer[] };
  const header = message.udh?.find((element) => element[0] === 0x00);

  return {
    messageId,
    systemId,
    source: String(pdu.source_addr),
    destination: String(pdu.destination_addr),
    dataCoding: Number(pdu.data_coding),
    esmClass: Number(pdu.esm_class),
    registeredDelivery: Number(pdu.registered_delivery),
    text: message.message,
    segment: header === undefined ? undefined : { reference: header[2], total: header[3], index: header[4] },
    payload,
  };
}

function sendReceipt(session: Session, submit: PDU, messageId: string, plan: ReceiptPlan): void {
  if (plan === "none") return;
  const text = `id:${messageId} sub:001 dlvrd:${plan.stat === "DELIVRD" ? "001" : "000"} submit date:2612070200 done date:2612070201 stat:${plan.stat} err:${plan.stat === "DELIVRD" ? "000" : "011"} text:`;
  const fields = plan.form === "text" ? { short_message: text } : { short_message: "", receipted_message_id: messageId, message_state: MESSAGE_STATES[plan.stat] };

  session.send(new PDU("deliver_sm", { source_addr: submit.destination_addr, destination_addr: submit.source_addr, esm_class: 0x04, ...fields }));
}
