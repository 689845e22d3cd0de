import { InvalidResponseError } from "./http-errors.js";

const JSON_TYPE = /^(application|text)\/([\w.+-]*\+)?json\s*(;|$)/i;

/**
 * Decodes a response body by its content type: parsed JSON for `application/json` and
 * `+json` types, otherwise text in the declared charset (UTF-8 when none or unknown).
 *
 * @throws InvalidResponseError when a JSON content type carries text that is not JSON
 */
export function decodeBody(body: Buffer, contentType: string | undefined, source: string): unknown {
  if (body.length === 0) return "";
  const text = decodeText(body, charsetOf(contentType));

  if (contentType === undefined || !JSON_TYPE.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(`${source} declared ${contentType} but returned invalid JSON: ${(error as Error).message}`);
  }
}

function charsetOf(contentType: string | undefined): string {
  const match = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? "");

  return match === null ? "utf-8" : match[1];
}

// Node's TextDecoder decodes the WHATWG encodings (GBK, GB18030 and Big5 among them) when Node is
// built with full ICU, as the official builds are.
function decodeText(body: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
