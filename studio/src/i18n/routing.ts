import { defineRouting } from "next-intl/routing";

import { LOCALES } from "./locales";

export { isLocale, LOCALES, type Locale } from "./locales";

export const routing = defineRouting({ locales: LOCALES, defaultLocale: "en", localeCookie: { name: "CALLFLOW_LOCALE" } });
