import { asc, eq } from "drizzle-orm";

import { InvalidInputError, NotFoundError } from "./errors.js";
import { calendars } from "./schema/media.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** A tenant's calendar. `definition` is in the flow library's calendar format; the API validates it. */
export interface StoredCalendar {
  id: string;
  name: string;
  /** IANA time zone name, such as `Asia/Taipei`. */
  timeZone: string;
  definition: unknown;
  updatedAt: Date;
}

const calendarColumns = { id: calendars.id, name: calendars.name, timeZone: calendars.timeZone, definition: calendars.definition, updatedAt: calendars.updatedAt };

/** Returns the tenant's calendars by name. */
export async function listCalendars({ tx }: TenantScope): Promise<StoredCalendar[]> {
  return tx.select(calendarColumns).from(calendars).orderBy(asc(calendars.name));
}

/** Returns a calendar of the tenant; throws NotFoundError for an id the tenant has no calendar of. */
export async function getCalendar({ tx }: TenantScope, calendarId: string): Promise<StoredCalendar> {
  assertUuid(calendarId, "calendarId");

  const [calendar] = await tx.select(calendarColumns).from(calendars).where(eq(calendars.id, calendarId));
  if (!calendar) {
    throw new NotFoundError("calendar", calendarId);
  }
  return calendar;
}

/** Creates a calendar; the name is unique per tenant. */
export async function createCalendar(scope: TenantScope, input: { name: string; timeZone: string; definition: unknown }): Promise<StoredCalendar> {
  if (input.name.trim() === "") {
    throw new InvalidInputError("name", "a calendar name must not be empty");
  }

  const [calendar] = await scope.tx
    .insert(calendars)
    .values({ tenantId: scope.tenantId, name: input.name.trim(), timeZone: input.timeZone, definition: input.definition })
    .returning(calendarColumns);
  return calendar;
}

/** Changes a calendar's name, time zone or definition. */
export async function updateCalendar(scope: TenantScope, calendarId: string, changes: { name?: string; timeZone?: string; definition?: unknown }): Promise<StoredCalendar> {
  await getCalendar(scope, calendarId);
  if (changes.name !== undefined && changes.name.trim() === "") {
    throw new InvalidInputError("name", "a calendar name must not be empty");
  }

  const [calendar] = await scope.tx
    .update(calendars)
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
      ...(changes.timeZone === undefined ? {} : { timeZone: changes.timeZone }),
      ...(changes.definition === undefined ? {} : { definition: changes.definition }),
      updatedAt: new Date(),
    })
    .where(eq(calendars.id, calendarId))
    .returning(calendarColumns);
  return calendar;
}

/** Deletes a calendar. */
export async function deleteCalendar(scope: TenantScope, calendarId: string): Promise<StoredCalendar> {
  const calendar = await getCalendar(scope, calendarId);

  await scope.tx.delete(calendars).where(eq(calendars.id, calendarId));
  return calendar;
}
