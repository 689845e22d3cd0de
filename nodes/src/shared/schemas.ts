import { promptSchema, variableNameSchema } from "@callflow/sdk";
import { z } from "zod";

export { promptSchema, variableNameSchema };

/** A port name chosen by the flow author. `error` is reserved for failures. */
export const portNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "1-64 letters, digits, _ or -, starting with a letter")
  .refine((name) => name !== "error", { message: '"error" is reserved for failures; choose another port name' });

/** A timeout in milliseconds, from 100 ms to 10 minutes. */
export const timeoutMsSchema = z.number().int().min(100).max(600_000);

/** A JSONata expression source. */
export const expressionSchema = z.string().min(1, "an expression is required");

/** Name of a tenant's connector: letters, digits, `_`, `.` and `-`, as the tenant admin named it. */
export const connectorNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "a connector name such as crm-api");

/** One DTMF key. */
export const keySchema = z.string().regex(/^[0-9*#]$/, "one key: 0-9, * or #");
