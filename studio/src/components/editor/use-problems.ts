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
 * Returns the draft's problems. The browser compiles the draft on every change. The server
 * checks what only it can judge, such as names of prompts, calendars and flows and node types
 * not built into the studio, a moment after editing stops.
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
          // The browser compile still shows every other problem, and the next edit requests a check again.
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
