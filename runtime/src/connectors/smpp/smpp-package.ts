import * as smppNamespace from "smpp";
import type { PDU as SmppPdu, Session as SmppSession } from "smpp";

// `smpp` is a CommonJS package whose exports Node's ES module loader does not detect by name,
// so `import { PDU } from "smpp"` fails outside Jest. Its exports are read from the default
// export, which is the package's `module.exports`.
const smpp = (smppNamespace as unknown as { default?: typeof smppNamespace }).default ?? smppNamespace;

export const PDU = smpp.PDU;
export type PDU = SmppPdu;
export const Session = smpp.Session;
export type Session = SmppSession;
export const createServer = smpp.createServer;
export const encodings = smpp.encodings;
export const errors = smpp.errors;
