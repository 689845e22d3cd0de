import { auditTenantChange, createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from "@callflow/db";
import { z } from "zod";

import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { calendarDetailSchema, calendarListSchema, createCalendarSchema, updateCalendarSchema } from "../schemas/tenant-admin-schemas.js";

const calendarParams = z.object({ calendarId: idSchema });

/** Builds the routes on a tenant's calendars of holidays and special days, which flows use by name. */
export function calendarRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "calendars.manage",
      {
        method: "GET",
        path: "/api/calendars",
        operationId: "listCalendars",
        summary: "Lists the tenant's calendars by name",
        tag: "calendars",
        responses: { 200: { description: "The calendars.", schema: calendarListSchema } },
      },
      async ({ auth }) => ({ body: { items: await listCalendars(auth.scope) } }),
    ),
    tenantRoute(
      "calendars.manage",
      {
        method: "POST",
        path: "/api/calendars",
        operationId: "createCalendar",
        summary: "Creates a calendar of holidays and special days in a time zone",
        tag: "calendars",
        body: createCalendarSchema,
        responses: { 201: { description: "The new calendar.", schema: calendarDetailSchema } },
        errors: [409],
      },
      async ({ auth, body }) => {
        const calendar = await createCalendar(auth.scope, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "calendar.create", { calendarId: calendar.id, name: calendar.name, days: body.definition.days.length });
        return { status: 201, body: calendar };
      },
    ),
    tenantRoute(
      "calendars.manage",
      {
        method: "GET",
        path: "/api/calendars/:calendarId",
        operationId: "getCalendar",
        summary: "Returns a calendar with its days",
        tag: "calendars",
        entity: "calendar",
        params: calendarParams,
        responses: { 200: { description: "The calendar.", schema: calendarDetailSchema } },
      },
      async ({ auth, params }) => ({ body: await getCalendar(auth.scope, params.calendarId) }),
    ),
    tenantRoute(
      "calendars.manage",
      {
        method: "PATCH",
        path: "/api/calendars/:calendarId",
        operationId: "updateCalendar",
        summary: "Renames a calendar, changes its time zone or replaces its days",
        tag: "calendars",
        entity: "calendar",
        params: calendarParams,
        body: updateCalendarSchema,
        responses: { 200: { description: "The calendar after the change.", schema: calendarDetailSchema } },
        errors: [409],
      },
      async ({ auth, params, body }) => {
        const calendar = await updateCalendar(auth.scope, params.calendarId, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "calendar.update", { calendarId: calendar.id, changed: Object.keys(body) });
        return { body: calendar };
      },
    ),
    tenantRoute(
      "calendars.manage",
      {
        method: "DELETE",
        path: "/api/calendars/:calendarId",
        operationId: "deleteCalendar",
        summary: "Deletes a calendar",
        tag: "calendars",
        entity: "calendar",
        params: calendarParams,
        responses: { 204: { description: "Deleted." } },
      },
      async ({ auth, params }) => {
        const calendar = await deleteCalendar(auth.scope, params.calendarId);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "calendar.delete", { calendarId: calendar.id, name: calendar.name });
        return { status: 204 };
      },
    ),
  ];
}
