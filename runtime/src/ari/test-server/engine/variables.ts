import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";

/** Sets a channel variable and sends `ChannelVarset`, as `pbx_builtin_setvar_helper` does. */
export function setVariable(core: AsteriskCore, channel: SimChannel, name: string, value: string): void {
  channel.variables.set(name, value);
  core.publish("ChannelVarset", { variable: name, value, channel: core.channelJson(channel) }, { channels: [channel] });
}

/** Removes a channel variable; `ChannelVarset` with "" is sent only when it was set. */
export function unsetVariable(core: AsteriskCore, channel: SimChannel, name: string): void {
  if (!channel.variables.delete(name)) return;
  core.publish("ChannelVarset", { variable: name, value: "", channel: core.channelJson(channel) }, { channels: [channel] });
}

export class UnknownFunctionError extends Error {
  constructor(readonly expression: string) {
    super(`dialplan function ${expression} is not simulated`);
    this.name = "UnknownFunctionError";
  }
}

/**
 * Reads a dialplan function such as `CALLERID(num)`. Only the functions below are simulated;
 * any other one throws {@link UnknownFunctionError}, which ARI turns into a 500.
 */
export function readFunction(channel: SimChannel, expression: string): string {
  const match = /^([A-Z_]+)\((.*)\)$/i.exec(expression);
  const name = match?.[1].toUpperCase();
  const argument = match?.[2].toLowerCase() ?? "";

  if (name === "CALLERID" && (argument === "num" || argument === "number")) return channel.caller.number;
  if (name === "CALLERID" && argument === "name") return channel.caller.name;
  if (name === "CALLERID" && argument === "all") return formatCallerId(channel.caller.name, channel.caller.number);
  if (name === "CONNECTEDLINE" && (argument === "num" || argument === "number")) return channel.connected.number;
  if (name === "CONNECTEDLINE" && argument === "name") return channel.connected.name;
  if (name === "CHANNEL" && argument === "name") return channel.name;
  if (name === "CHANNEL" && argument === "state") return channel.state;
  if (name === "CHANNEL" && argument === "language") return channel.language;
  if (name === "CHANNEL" && argument === "uniqueid") return channel.id;
  if (name === "CHANNEL" && argument === "accountcode") return channel.accountcode;
  throw new UnknownFunctionError(expression);
}

/**
 * Writes a dialplan function. Writing `CALLERID(num)` or `CALLERID(name)` changes the caller and
 * sends `ChannelCallerId`; no `ChannelVarset` follows a function write.
 */
export function writeFunction(core: AsteriskCore, channel: SimChannel, expression: string, value: string): void {
  const match = /^([A-Z_]+)\((.*)\)$/i.exec(expression);
  const name = match?.[1].toUpperCase();
  const argument = match?.[2].toLowerCase() ?? "";

  if (name === "CALLERID" && (argument === "num" || argument === "number")) channel.caller.number = value;
  else if (name === "CALLERID" && argument === "name") channel.caller.name = value;
  else if (name === "CHANNEL" && argument === "language") {
    channel.language = value;
    return;
  } else throw new UnknownFunctionError(expression);
  publishCallerId(core, channel);
}

export function publishCallerId(core: AsteriskCore, channel: SimChannel): void {
  const fields = {
    caller_presentation: 0,
    caller_presentation_txt: "Presentation Allowed, Not Screened",
    channel: core.channelJson(channel),
  };

  core.publish("ChannelCallerId", fields, { channels: [channel] });
}

export function isFunction(name: string): boolean {
  return name.endsWith(")");
}

/** Formats a caller id as Asterisk's `CALLERID(all)` does: `"Name" <number>`. */
export function formatCallerId(name: string, number: string): string {
  if (name === "") return number === "" ? "" : `<${number}>`;
  return `"${name}" <${number}>`;
}

/** Parses an originate `callerId` such as `"Alice" <100>`, `Alice <100>` or `100`. */
export function parseCallerId(text: string): { name: string; number: string } {
  const match = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(text);

  if (match) return { name: (match[1] ?? match[2] ?? "").trim(), number: match[3].trim() };
  if (/^[\d+*#]+$/.test(text.trim())) return { name: "", number: text.trim() };
  return { name: text.trim(), number: "" };
}
