import type { ApiRoute } from "../route.js";
import { bundleRoutes } from "./bundle-routes.js";
import { callRoutes } from "./call-routes.js";
import { connectorRoutes } from "./connector-routes.js";
import { flowRoutes } from "./flow-routes.js";
import { flowVersionRoutes } from "./flow-version-routes.js";
import { healthRoutes } from "./health-routes.js";
import { nodeRoutes } from "./node-routes.js";
import { numberRoutes } from "./number-routes.js";
import { platformRoutes } from "./platform-routes.js";
import { secretRoutes } from "./secret-routes.js";
import { sessionRoutes } from "./session-routes.js";
import { calendarRoutes } from "./calendar-routes.js";
import { promptRoutes } from "./prompt-routes.js";
import { roleRoutes } from "./role-routes.js";
import { settingsRoutes } from "./settings-routes.js";
import { userRoutes } from "./user-routes.js";

/**
 * Builds every route of the API, in the order the OpenAPI document lists them, with `extra`
 * routes of the service last.
 */
export function apiRoutes(extra: readonly ApiRoute[] = []): ApiRoute[] {
  const routes: ApiRoute[] = [];

  routes.push(...healthRoutes(() => routes), ...sessionRoutes(), ...nodeRoutes(), ...flowRoutes(), ...flowVersionRoutes(), ...bundleRoutes(), ...numberRoutes(), ...connectorRoutes(), ...secretRoutes(), ...callRoutes(), ...platformRoutes(), ...userRoutes(), ...roleRoutes(), ...promptRoutes(), ...calendarRoutes(), ...settingsRoutes(), ...extra);
  return routes;
}
