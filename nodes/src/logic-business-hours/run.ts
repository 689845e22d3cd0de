import { defineNode, localTimeIn, type Hours } from "@callflow/sdk";

import { logicBusinessHoursSpec } from "./spec.js";

function within(hours: readonly Hours[], time: string): boolean {
  return hours.some((h) => h.open <= time && time < h.close);
}

export const logicBusinessHoursNode = defineNode(logicBusinessHoursSpec, (ctx, config) => {
  const local = localTimeIn(ctx.clock.now(), config.timeZone ?? ctx.timeZone);
  const special = config.calendar?.days.find((day) => day.date === local.date);

  if (special !== undefined) return special.hours !== undefined && within(special.hours, local.time) ? "open" : "holiday";
  return within(config.days[local.weekday], local.time) ? "open" : "closed";
});
