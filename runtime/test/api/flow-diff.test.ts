import { diffFlowDocuments } from "../../src/api/flows/flow-diff.js";
import { hotlineDocument } from "./support/flow-documents.js";

// A copy that the tests may change freely.
function editableHotline(): Record<string, any> {
  return JSON.parse(JSON.stringify(hotlineDocument())) as Record<string, any>;
}

describe("diffFlowDocuments", () => {
  it("finds nothing between equal documents", () => {
    const diff = diffFlowDocuments(hotlineDocument(), hotlineDocument());

    expect(diff).toEqual({ document: [], nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [], changed: [] } });
  });

  it("ignores the order of nodes, edges and keys", () => {
    const before = hotlineDocument();
    const after = editableHotline();
    after.nodes = after.nodes.reverse().map((node: Record<string, unknown>) => ({ config: node.config, type: node.type, id: node.id }));
    after.edges.reverse();

    const diff = diffFlowDocuments(before, after);

    expect(diff.nodes.changed).toEqual([]);
    expect(diff.edges).toEqual({ added: [], removed: [], changed: [] });
  });

  it("reports removed nodes and edges", () => {
    const before = hotlineDocument();
    const after = { ...before, nodes: before.nodes.filter((node) => node.id !== "bye"), edges: before.edges.filter((edge) => edge.to !== "bye") };

    const diff = diffFlowDocuments(before, after);

    expect(diff.nodes.removed).toEqual([{ id: "bye", type: "call.hangup" }]);
    expect(diff.edges.removed).toEqual([{ from: "menu", port: "sales", to: "bye" }]);
  });

  it("reports added and removed config fields", () => {
    const before = hotlineDocument();
    const after = editableHotline();
    after.nodes[1].config.maxAttempts = 5;

    const diff = diffFlowDocuments(before, after);
    const reverse = diffFlowDocuments(after, before);

    expect(diff.nodes.changed[0].changes).toEqual([{ path: "/config/maxAttempts", after: 5 }]);
    expect(reverse.nodes.changed[0].changes).toEqual([{ path: "/config/maxAttempts", before: 5 }]);
  });

  it("reports array elements by index", () => {
    const before = hotlineDocument();
    const after = editableHotline();
    after.nodes[1].config.options.push({ key: "2", port: "support" });

    const diff = diffFlowDocuments(before, after);

    expect(diff.nodes.changed[0].changes).toEqual([{ path: "/config/options/1", after: { key: "2", port: "support" } }]);
  });

  it("reports a changed node type", () => {
    const before = hotlineDocument();
    const after = editableHotline();
    after.nodes[2].type = "flow.end";

    const diff = diffFlowDocuments(before, after);

    expect(diff.nodes.changed).toEqual([{ id: "bye", type: "flow.end", changes: [{ path: "/type", before: "call.hangup", after: "flow.end" }] }]);
  });

  it("reports document fields with escaped pointers", () => {
    const after = { ...hotlineDocument(), languages: ["en", "yue"], variables: { "a/b": { type: "string" } } };

    const diff = diffFlowDocuments(hotlineDocument(), after);

    expect(diff.document).toEqual([
      { path: "/languages/1", after: "yue" },
      { path: "/variables", after: { "a/b": { type: "string" } } },
    ]);
  });

  it("tolerates drafts without nodes or edges", () => {
    const diff = diffFlowDocuments({ schemaVersion: 1 }, { schemaVersion: 1, nodes: "broken", edges: [{ from: 1 }] });

    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.edges).toEqual({ added: [], removed: [], changed: [] });
  });
});
