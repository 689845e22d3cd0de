import { setRequestLocale } from "next-intl/server";

import { AgentConsole } from "../../../components/agent/agent-console";

export default async function AgentPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <AgentConsole />;
}
