import { setRequestLocale } from "next-intl/server";

import { FlowList } from "../../../components/flow-list";

export default async function FlowsPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <FlowList />;
}
