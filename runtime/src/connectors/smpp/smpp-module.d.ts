// Types for the parts of the `smpp` package (0.5.1, which ships none) that the SMS service uses.
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Server as NetServer, Socket } from "node:net";

  /** A PDU; parameters are named as in the SMPP specification and read as plain properties. */
  export class PDU {
    constructor(command: string, options?: Record<string, unknown>);
    command: string;
    command_status: number;
    sequence_number: number;
    [parameter: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  export class Session extends EventEmitter {
    constructor(options: { socket: Socket });
    socket: Socket;
    send(pdu: PDU, responseCallback?: (response: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    [command: string]: unknown;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export function createServer(listener: (session: Session) => void): Server;

  /** Text codings by name; `ASCII` is the GSM 03.38 default alphabet, one septet per octet. */
  export const encodings: {
    readonly ASCII: { match(text: string): boolean; encode(text: string): Buffer; decode(bytes: Buffer): string };
  };

  /** Command status codes by name, such as `ESME_RINVPASWD: 0x0e`. */
  export const errors: Readonly<Record<string, number>>;
}
