import { SMTPServer, type SMTPServerAddress } from "smtp-server";

/** A certificate and when the server starts TLS: at once (`tls`) or after STARTTLS. */
export interface LocalSmtpTls {
  key: string;
  cert: string;
  mode: "tls" | "starttls";
}

/** A message the server accepted: who sent it, the envelope and the raw text. */
export interface ReceivedMail {
  /** True when the message came over TLS. */
  secure: boolean;
  user: string | undefined;
  from: string;
  recipients: string[];
  raw: string;
}

/** An smtp-server on 127.0.0.1 with AUTH, which records accepted messages. */
export interface LocalSmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** Failed AUTH attempts, by user name. */
  failedLogins: string[];
  close(): Promise<void>;
}

/**
 * Starts a {@link LocalSmtpServer} on an ephemeral port, with TLS when given a certificate. It
 * accepts user `hotline` with password `s3cret`, and rejects every recipient at
 * `blocked.example` with 550.
 */
export async function startLocalSmtpServer(tls?: LocalSmtpTls): Promise<LocalSmtpServer> {
  const messages: ReceivedMail[] = [];
  const failedLogins: string[] = [];
  const server = new SMTPServer({
    // Without a certificate, AUTH and the message go in plain text, for connectors with security "none".
    ...(tls === undefined ? { disabledCommands: ["STARTTLS"], allowInsecureAuth: true } : { key: tls.key, cert: tls.cert, secure: tls.mode === "tls" }),
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    // The client is this process on loopback: no reverse DNS query for its name.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "hotline" && auth.password === "s3cret") return callback(null, { user: auth.username });
      failedLogins.push(auth.username ?? "");
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.endsWith("@blocked.example")) return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];

      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;

        messages.push({ secure: session.secure, user: session.user as string | undefined, from, recipients: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });

  // A client that rejects the certificate closes mid-handshake; the server reports that as an error event.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };

  return { port, messages, failedLogins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
