import { InvalidInputError } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws InvalidInputError unless `value` is a UUID in its usual text form. */
export function assertUuid(value: string, field: string): void {
  if (!UUID.test(value)) {
    throw new InvalidInputError(field, `expected a UUID, got ${JSON.stringify(value)}`);
  }
}
