import createMiddleware from "next-intl/middleware";

import { routing } from "./i18n/routing";

export default createMiddleware(routing);

// API calls go to the runtime service through a rewrite, and build assets need no locale.
export const config = { matcher: ["/((?!api|_next|.*\\..*).*)"] };
