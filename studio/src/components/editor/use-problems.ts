"use client";

import type { InterfaceLocale } from "@callflow/sdk";
import { useDeferredValue, useEffect, useMemo, useState } from "react";

import { apiRequest } from "../../lib/api-client";
import type { ProblemView } from "../../lib/api-types";
import type { DraftDocument } from "../../lib/flow-document";
import { BUILTIN_TYPES, compileInBrowser, isServerProblem } from "../../lib/live-compile";

// Wait after the last edit before asking the server, so typing does not send a request per key.
const SERVER_CHECK_DELAY_MS = 800;

/**
 * The draft's problems: the browser compile on every change, plus the problems only the server
 * can find (names of prompts, calendars and flows; node types not built into the studio),
 * checked a moment after editing stops.
 */
export function useProblems(flowId: string, document: DraftDocument | undefined, locale: InterfaceLocale): ProblemView[] {
  const deferred = useDeferredValue(document);
  const local = useMemo(() => (deferred ? compileInBrowser(deferred, locale) : []), [deferred, locale]);
  const [server, setServer] = useState<{ document: DraftDocument; problems: ProblemView[] } | null>(null);

  useEffect(() => {
    if (!deferred) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      apiRequest<{ problems: ProblemView[] }>(`/api/flows/${flowId}/validate`, { method: "POST", body: { document: deferred }, locale }).then(
        (result) => {
          if (!cancelled) setServer({ document: deferred, problems: result.problems.filter((problem) => isServerProblem(problem, deferred, BUILTIN_TYPES)) });
        },
        () => {
          // The browser compile still shows every other problem; the next edit asks again.
        },
      );
    }, SERVER_CHECK_DELAY_MS);

    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [flowId, deferred, locale]);

  return useMemo(() => [...local, ...(server?.problems ?? [])], [local, server]);
}
