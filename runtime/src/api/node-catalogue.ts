import { ERROR_PORT, pickLocalized, type InterfaceLocale, type LocalizedText, type NodeSpec } from "@callflow/sdk";
import { z } from "zod";

const DYNAMIC_PORTS_NOTE: LocalizedText = {
  en: "The output ports depend on the node's configuration; the editor computes them from it. Titled ports below are those the node may add.",
  "zh-Hans": "输出端口取决于节点的配置，编辑器会据此计算。下列带标题的端口是节点可能加入的端口。",
  "zh-Hant": "輸出連接埠取決於節點的設定，編輯器會據此計算。下列帶標題的連接埠是節點可能加入的連接埠。",
};

const ERROR_PORT_TITLE: LocalizedText = { en: "Error", "zh-Hans": "错误", "zh-Hant": "錯誤" };

// JSON Schemas of config schemas, converted once per spec: the conversion walks the whole
// schema, and the catalogue is requested whenever the studio opens.
const configSchemas = new WeakMap<NodeSpec<any, any>, unknown>();

function configJsonSchema(spec: NodeSpec<any, any>): unknown {
  let schema = configSchemas.get(spec);

  if (schema === undefined) {
    schema = z.toJSONSchema(spec.configSchema, { io: "input", unrepresentable: "any" });
    configSchemas.set(spec, schema);
  }
  return schema;
}

function portTitle(spec: NodeSpec<any, any>, port: string, locale: InterfaceLocale): string {
  const title = spec.portTitles?.[port];

  return title ? pickLocalized(title, locale) : port;
}

function portsOf(spec: NodeSpec<any, any>, locale: InterfaceLocale) {
  const titled = (ports: readonly string[]) => ports.map((name) => ({ name, title: portTitle(spec, name, locale) }));

  if (typeof spec.ports === "function") {
    return { dependsOnConfig: true, note: pickLocalized(DYNAMIC_PORTS_NOTE, locale), ports: titled(Object.keys(spec.portTitles ?? {})) };
  }
  return { dependsOnConfig: false, note: null, ports: titled(spec.ports) };
}

/** Describes one node type for the studio's palette and property forms, in one interface locale. */
export function describeNodeSpec(spec: NodeSpec<any, any>, locale: InterfaceLocale) {
  return {
    type: spec.type,
    version: spec.version,
    category: spec.category,
    kinds: spec.kinds,
    title: pickLocalized(spec.title, locale),
    description: pickLocalized(spec.description, locale),
    configSchema: configJsonSchema(spec),
    ports: portsOf(spec, locale),
    errorPort: { name: ERROR_PORT, title: pickLocalized(ERROR_PORT_TITLE, locale) },
    requiredPorts: typeof spec.requiredPorts === "function" ? null : (spec.requiredPorts ?? []),
    waits: typeof spec.waits === "function" ? "depends-on-config" : (spec.waits ?? "none"),
    iterationBound: spec.iterationBound !== undefined,
    capabilities: spec.capabilities,
    terminal: spec.terminal ?? false,
  };
}
