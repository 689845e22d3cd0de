"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import { sessionStore } from "../../lib/session-store";
import type { AgentView } from "./acd-views";

// The agent's state is read this often while the agent socket is closed.
const POLL_MS = 1000;

/**
 * Keeps the signed-in agent's view current: read once, then pushed over the agent socket after
 * every change of the agent's state or call. Polling takes over while the socket is closed, such
 * as when the tenant's ACD moves to another server. `show` receives the messages for the user.
 */
export function useOwnAgent(enabled: boolean, show: (message: string) => void) {
  const t = useTranslations("agent");
  const [view, setView] = useState<{ agent: AgentView | null; readAt: number }>({ agent: null, readAt: 0 });
  const update = useCallback((agent: AgentView) => setView({ agent, readAt: Date.now() }), []);

  const refresh = useCallback(async () => {
    try {
      update(await apiRequest<AgentView>("/api/acd/agent"));
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.status === 404) show(t("notConfigured"));
      else show(caught instanceof Error ? caught.message : String(caught));
    }
  }, [t, show, update]);

  useEffect(() => {
    const token = sessionStore.get()?.token;

    if (!enabled || !token) return;
    void refresh();
    let poll: ReturnType<typeof setInterval> | undefined;
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${protocol}//${window.location.host}/api/acd/agent/events`);

    socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token }));
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string; agent?: AgentView | null; message?: string };

      if (frame.type === "agent" && frame.agent) update(frame.agent);
      else if (frame.type === "agent") show(t("notConfigured"));
      else if (frame.type === "error") show(frame.message ?? frame.type);
    };
    socket.onclose = () => {
      poll ??= setInterval(() => void refresh(), POLL_MS);
    };
    return () => {
      socket.onclose = null;
      socket.close();
      if (poll !== undefined) clearInterval(poll);
    };
  }, [enabled, refresh, update, show, t]);

  return { ...view, update };
}
