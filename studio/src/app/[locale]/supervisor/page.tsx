import { setRequestLocale } from "next-intl/server";

import { SupervisorView } from "../../../components/agent/supervisor-view";

export default async function SupervisorPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <SupervisorView />;
}
