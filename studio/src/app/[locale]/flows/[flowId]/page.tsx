import { EditorScreen } from "../../../../components/editor/editor-screen";

export default async function EditorPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { flowId } = await params;

  return <EditorScreen flowId={flowId} />;
}
