import type { InterfaceLocale } from "./locale.js";

/** Stable problem codes of the compiler. Codes never change meaning; new ones are added. */
export const PROBLEM_CODES = [
  "invalid-json",
  "unsupported-schema-version",
  "invalid-document",
  "unknown-node-type",
  "node-type-version",
  "node-kind-not-allowed",
  "invalid-config",
  "duplicate-node-id",
  "unknown-entry",
  "unknown-edge-source",
  "unknown-port",
  "unknown-edge-target",
  "duplicate-port-edge",
  "unconnected-required-port",
  "unreachable-node",
  "loop-without-wait",
  "expression-syntax",
  "variable-never-written",
  "missing-prompt-language",
  "step-budget-exceeded",
  "unresolved-reference",
  "subflow-cycle",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** `error` stops a document from compiling; `warning` does not. */
export type ProblemSeverity = "error" | "warning";

/** One problem found by the compiler. */
export interface Problem {
  code: ProblemCode;
  severity: ProblemSeverity;
  /** Node the problem concerns, when it concerns one. */
  nodeId?: string;
  /** JSON pointer (RFC 6901) into the document. */
  pointer: string;
  /** Plain English message that says what is wrong and how to fix it. */
  message: string;
  /** Values the localized message templates use. */
  params: Record<string, string | number>;
  /** Values written in another locale than English, such as a validation detail, which the templates of that locale use. */
  localizedParams?: Partial<Record<InterfaceLocale, Record<string, string | number>>>;
}

type Templates = Record<InterfaceLocale, string>;

// Templates of localized messages. `{name}` is replaced by the problem's param of that name.
const TEMPLATES: Record<ProblemCode, Templates> = {
  "invalid-json": {
    en: "The document is not valid JSON: {detail}. Fix the syntax near that position.",
    "zh-Hans": "文档不是有效的 JSON：{detail}。请修正该位置附近的语法。",
    "zh-Hant": "文件不是有效的 JSON：{detail}。請修正該位置附近的語法。",
  },
  "unsupported-schema-version": {
    en: "schemaVersion {found} is not supported; this version reads 1 to {current}. Upgrade Callflow or save the flow with schemaVersion {current}.",
    "zh-Hans": "不支持 schemaVersion {found}；此版本可读取 1 至 {current}。请升级 Callflow，或以 schemaVersion {current} 保存流程。",
    "zh-Hant": "不支援 schemaVersion {found}；此版本可讀取 1 至 {current}。請升級 Callflow，或以 schemaVersion {current} 儲存流程。",
  },
  "invalid-document": {
    en: "{path}: {detail}.",
    "zh-Hans": "文档的 {path} 无效：{detail}。",
    "zh-Hant": "文件的 {path} 無效：{detail}。",
  },
  "unknown-node-type": {
    en: 'Node "{nodeId}" has type "{type}", which is not installed. Pick a type from the palette or install the package that provides it.',
    "zh-Hans": "节点“{nodeId}”的类型“{type}”未安装。请从节点面板选择类型，或安装提供该类型的包。",
    "zh-Hant": "節點「{nodeId}」的類型「{type}」未安裝。請從節點面板選擇類型，或安裝提供該類型的套件。",
  },
  "node-type-version": {
    en: 'Node "{nodeId}" was written for {type} version {found}, newer than the installed version {installed}. Upgrade the node package.',
    "zh-Hans": "节点“{nodeId}”按 {type} 第 {found} 版编写，比已安装的第 {installed} 版新。请升级节点包。",
    "zh-Hant": "節點「{nodeId}」按 {type} 第 {found} 版編寫，比已安裝的第 {installed} 版新。請升級節點套件。",
  },
  "node-kind-not-allowed": {
    en: 'Node "{nodeId}" ({type}) cannot be used in a {kind} flow; it is allowed in: {allowed}. Remove it or use another node.',
    "zh-Hans": "节点“{nodeId}”（{type}）不能用于 {kind} 流程；它可用于：{allowed}。请删除它或改用其他节点。",
    "zh-Hant": "節點「{nodeId}」（{type}）不能用於 {kind} 流程；它可用於：{allowed}。請刪除它或改用其他節點。",
  },
  "invalid-config": {
    en: 'Node "{nodeId}": {path} {detail}.',
    "zh-Hans": "节点“{nodeId}”：{path} {detail}。",
    "zh-Hant": "節點「{nodeId}」：{path} {detail}。",
  },
  "duplicate-node-id": {
    en: 'Two nodes have the id "{nodeId}". Rename one; ids must be unique in a flow.',
    "zh-Hans": "有两个节点的 id 都是“{nodeId}”。请重命名其中一个；流程内的 id 必须唯一。",
    "zh-Hant": "有兩個節點的 id 都是「{nodeId}」。請重新命名其中一個；流程內的 id 必須唯一。",
  },
  "unknown-entry": {
    en: '{field} names node "{nodeId}", which does not exist. Point it at a node of this flow.',
    "zh-Hans": "{field} 指向不存在的节点“{nodeId}”。请指向本流程中的节点。",
    "zh-Hant": "{field} 指向不存在的節點「{nodeId}」。請指向本流程中的節點。",
  },
  "unknown-edge-source": {
    en: 'An edge starts at node "{nodeId}", which does not exist. Delete the edge or add the node.',
    "zh-Hans": "有一条连线从不存在的节点“{nodeId}”出发。请删除连线或添加该节点。",
    "zh-Hant": "有一條連線從不存在的節點「{nodeId}」出發。請刪除連線或新增該節點。",
  },
  "unknown-port": {
    en: 'Node "{nodeId}" has no port "{port}"; its ports are: {ports}. Reconnect the edge from one of them.',
    "zh-Hans": "节点“{nodeId}”没有端口“{port}”；它的端口有：{ports}。请从其中一个端口重新连线。",
    "zh-Hant": "節點「{nodeId}」沒有連接埠「{port}」；它的連接埠有：{ports}。請從其中一個連接埠重新連線。",
  },
  "unknown-edge-target": {
    en: 'The edge from "{nodeId}" port "{port}" goes to node "{target}", which does not exist. Connect it to an existing node.',
    "zh-Hans": "从“{nodeId}”端口“{port}”出发的连线指向不存在的节点“{target}”。请连接到现有节点。",
    "zh-Hant": "從「{nodeId}」連接埠「{port}」出發的連線指向不存在的節點「{target}」。請連接到現有節點。",
  },
  "duplicate-port-edge": {
    en: 'Port "{port}" of node "{nodeId}" has {count} edges; a port takes one. Delete all but one, or add a split node.',
    "zh-Hans": "节点“{nodeId}”的端口“{port}”有 {count} 条连线；一个端口只能有一条。请只保留一条，或加入分流节点。",
    "zh-Hant": "節點「{nodeId}」的連接埠「{port}」有 {count} 條連線；一個連接埠只能有一條。請只保留一條，或加入分流節點。",
  },
  "unconnected-required-port": {
    en: 'Port "{port}" of node "{nodeId}" must be connected. Connect it to the node that should run next.',
    "zh-Hans": "节点“{nodeId}”的端口“{port}”必须连线。请连接到接下来要执行的节点。",
    "zh-Hant": "節點「{nodeId}」的連接埠「{port}」必須連線。請連接到接下來要執行的節點。",
  },
  "unreachable-node": {
    en: 'Node "{nodeId}" cannot be reached from the entry or onHangup. Connect it or delete it.',
    "zh-Hans": "从入口或 onHangup 无法到达节点“{nodeId}”。请连线或删除它。",
    "zh-Hant": "從入口或 onHangup 無法到達節點「{nodeId}」。請連線或刪除它。",
  },
  "loop-without-wait": {
    en: "The loop {path} passes no node that waits for the caller or for time, so it would spin forever. Add a menu, digit collection or wait to the loop, or break it.",
    "zh-Hans": "循环 {path} 中没有等待来电者或等待时间的节点，会无限运行。请在循环中加入菜单、收号或等待节点，或断开循环。",
    "zh-Hant": "迴圈 {path} 中沒有等待來電者或等待時間的節點，會無限執行。請在迴圈中加入選單、收號或等待節點，或斷開迴圈。",
  },
  "expression-syntax": {
    en: 'Node "{nodeId}": the expression at {path} does not parse: {detail} ({jsonataCode}, position {position}). Correct the expression.',
    "zh-Hans": "节点“{nodeId}”：{path} 的表达式无法解析：{detail}（{jsonataCode}，位置 {position}）。请修正表达式。",
    "zh-Hant": "節點「{nodeId}」：{path} 的運算式無法解析：{detail}（{jsonataCode}，位置 {position}）。請修正運算式。",
  },
  "variable-never-written": {
    en: 'Node "{nodeId}" reads variable "{variable}", which no node writes and which has no initial value. Declare it with an initial value or set it before this node.',
    "zh-Hans": "节点“{nodeId}”读取变量“{variable}”，但没有节点写入它，它也没有初始值。请声明初始值，或在此节点之前设置它。",
    "zh-Hant": "節點「{nodeId}」讀取變數「{variable}」，但沒有節點寫入它，它也沒有初始值。請宣告初始值，或在此節點之前設定它。",
  },
  "missing-prompt-language": {
    en: 'Node "{nodeId}": the prompt at {path} has no text or audio for "{language}", a language this flow declares. Callers who chose it hear "{fallback}" instead. Add the {language} text.',
    "zh-Hans": "节点“{nodeId}”：{path} 的提示音没有“{language}”的文字或录音，而流程声明了该语言。选择该语言的来电者会听到“{fallback}”。请补上 {language} 文字。",
    "zh-Hant": "節點「{nodeId}」：{path} 的提示音沒有「{language}」的文字或錄音，而流程宣告了該語言。選擇該語言的來電者會聽到「{fallback}」。請補上 {language} 文字。",
  },
  "step-budget-exceeded": {
    en: "A call can take up to {steps} steps, above the budget of {budget}, along {path}. Shorten the path or lower the loops' attempt limits.",
    "zh-Hans": "一通电话最多可能执行 {steps} 步，超过预算 {budget}，路径：{path}。请缩短路径或降低循环的尝试次数。",
    "zh-Hant": "一通電話最多可能執行 {steps} 步，超過預算 {budget}，路徑：{path}。請縮短路徑或降低迴圈的嘗試次數。",
  },
  "unresolved-reference": {
    en: 'Node "{nodeId}" refers to {kind} "{name}", which does not exist. Create it, or pick an existing {kind}.',
    "zh-Hans": "节点“{nodeId}”引用的{kind}“{name}”不存在。请创建它，或选择现有的{kind}。",
    "zh-Hant": "節點「{nodeId}」引用的{kind}「{name}」不存在。請建立它，或選擇現有的{kind}。",
  },
  "subflow-cycle": {
    en: 'Node "{nodeId}" calls subflow "{name}", which calls back into {chain}. Break the cycle; subflows may not call themselves.',
    "zh-Hans": "节点“{nodeId}”调用的子流程“{name}”又回头调用 {chain}。请打破循环；子流程不能调用自身。",
    "zh-Hant": "節點「{nodeId}」呼叫的子流程「{name}」又回頭呼叫 {chain}。請打破循環；子流程不能呼叫自身。",
  },
};

const WARNINGS: ReadonlySet<ProblemCode> = new Set(["variable-never-written", "missing-prompt-language", "step-budget-exceeded", "unreachable-node"]);

/** Builds a problem with its English message. */
export function problem(code: ProblemCode, pointer: string, params: Record<string, string | number>, nodeId?: string): Problem {
  const withNode = nodeId === undefined ? params : { nodeId, ...params };

  return {
    code,
    severity: WARNINGS.has(code) ? "warning" : "error",
    ...(nodeId === undefined ? {} : { nodeId }),
    pointer,
    message: fill(TEMPLATES[code].en, withNode),
    params: withNode,
  };
}

/** The problem's message in an interface locale. */
export function formatProblem(p: Problem, locale: InterfaceLocale): string {
  return fill(TEMPLATES[p.code][locale], p.localizedParams?.[locale] ?? p.params);
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
