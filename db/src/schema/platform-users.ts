import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

import { PLATFORM_ROLE_NAMES, type PlatformRoleName } from "../permissions.js";
import { createdAt, uuidPrimaryKey } from "./columns.js";
import { platformPolicy } from "./tenant-policies.js";
import { isOneOf, isSubsetOf, LOCALES, type Locale } from "./values.js";

/** The platform operator's staff: they belong to no tenant and use the platform path. */
export const platformUsers = pgTable(
  "platform_users",
  {
    id: uuidPrimaryKey(),
    login: text("login").notNull(),
    displayName: text("display_name").notNull(),
    /** See password.ts for the format. */
    passwordHash: text("password_hash").notNull(),
    locale: text("locale").$type<Locale>().notNull().default("en"),
    roles: text("roles").array().$type<PlatformRoleName[]>().notNull().default(sql`'{}'::text[]`),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("platform_users_login_key").on(sql`lower(${t.login})`),
    check("platform_users_locale_check", isOneOf(t.locale, LOCALES)),
    check("platform_users_roles_check", isSubsetOf(t.roles, PLATFORM_ROLE_NAMES)),
    platformPolicy(),
  ],
);
