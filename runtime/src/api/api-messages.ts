import type { InterfaceLocale } from "@callflow/sdk";

type Templates = Record<InterfaceLocale, string>;

/**
 * Messages of the API's error codes in each interface locale. `{name}` is replaced by the
 * error's parameter of that name. Codes are stable; clients decide on them, never on the text.
 */
export const API_MESSAGES = {
  "route-not-found": {
    en: "No API route matches {method} {path}. See /api/openapi.json for the routes.",
    "zh-Hans": "没有与 {method} {path} 匹配的 API 路由。路由列表见 /api/openapi.json。",
    "zh-Hant": "沒有與 {method} {path} 相符的 API 路由。路由清單見 /api/openapi.json。",
  },
  "method-not-allowed": {
    en: "{path} does not accept {method}; it accepts {allowed}.",
    "zh-Hans": "{path} 不接受 {method}；它接受 {allowed}。",
    "zh-Hant": "{path} 不接受 {method}；它接受 {allowed}。",
  },
  "not-found": {
    en: "The {entity} was not found. It may have been deleted, or the link is wrong.",
    "zh-Hans": "找不到该{entity}。它可能已被删除，或链接有误。",
    "zh-Hant": "找不到該{entity}。它可能已被刪除，或連結有誤。",
  },
  "invalid-json": {
    en: "The request body is not valid JSON: {detail}.",
    "zh-Hans": "请求正文不是有效的 JSON：{detail}。",
    "zh-Hant": "請求內文不是有效的 JSON：{detail}。",
  },
  "unsupported-media-type": {
    en: "The request body must be JSON; send it with Content-Type: application/json.",
    "zh-Hans": "请求正文必须是 JSON；请以 Content-Type: application/json 发送。",
    "zh-Hant": "請求內文必須是 JSON；請以 Content-Type: application/json 傳送。",
  },
  "body-too-large": {
    en: "The request body is larger than the limit of {limit} bytes.",
    "zh-Hans": "请求正文超过了 {limit} 字节的上限。",
    "zh-Hant": "請求內文超過了 {limit} 位元組的上限。",
  },
  "unsupported-audio-type": {
    en: "The audio file must be one of {allowed}, sent with that Content-Type, and its content must match the type.",
    "zh-Hans": "音频文件必须是 {allowed} 之一，以相应的 Content-Type 发送，且内容须与该类型相符。",
    "zh-Hant": "音訊檔必須是 {allowed} 之一，以相應的 Content-Type 傳送，且內容須與該類型相符。",
  },
  "invalid-request": {
    en: "The request is invalid: {detail}.",
    "zh-Hans": "请求无效：{detail}。",
    "zh-Hant": "請求無效：{detail}。",
  },
  unauthenticated: {
    en: "Sign in first: this route needs a valid session token in the Authorization header (Bearer).",
    "zh-Hans": "请先登录：此路由需要在 Authorization 标头中提供有效的会话令牌（Bearer）。",
    "zh-Hant": "請先登入：此路由需要在 Authorization 標頭中提供有效的工作階段權杖（Bearer）。",
  },
  "login-failed": {
    en: "The tenant, login or password is wrong, or the account is disabled.",
    "zh-Hans": "租户、账号或密码错误，或账号已停用。",
    "zh-Hant": "租戶、帳號或密碼錯誤，或帳號已停用。",
  },
  forbidden: {
    en: "You do not have the permission {permission} that this action needs. Ask an administrator for a role that has it.",
    "zh-Hans": "您没有执行此操作所需的权限 {permission}。请向管理员申请包含该权限的角色。",
    "zh-Hant": "您沒有執行此操作所需的權限 {permission}。請向管理員申請包含該權限的角色。",
  },
  "tenant-not-chosen": {
    en: "Choose a tenant first: platform users send the tenant's id in the X-Callflow-Tenant header to use this route.",
    "zh-Hans": "请先选择租户：平台用户需在 X-Callflow-Tenant 标头中提供租户 ID 才能使用此路由。",
    "zh-Hant": "請先選擇租戶：平台使用者需在 X-Callflow-Tenant 標頭中提供租戶 ID 才能使用此路由。",
  },
  "tenant-mismatch": {
    en: "The X-Callflow-Tenant header names tenant {tenantId}, but your session belongs to another tenant. Tenant users work only in their own tenant; leave the header out.",
    "zh-Hans": "X-Callflow-Tenant 标头指定了租户 {tenantId}，但您的会话属于另一个租户。租户用户只能在自己的租户中工作；请去掉该标头。",
    "zh-Hant": "X-Callflow-Tenant 標頭指定了租戶 {tenantId}，但您的工作階段屬於另一個租戶。租戶使用者只能在自己的租戶中工作；請移除該標頭。",
  },
  "tenant-suspended": {
    en: "This tenant is suspended. Contact the platform operator to resume it.",
    "zh-Hans": "此租户已被暂停。请联系平台运营方恢复。",
    "zh-Hant": "此租戶已被暫停。請聯絡平台營運方恢復。",
  },
  "draft-stale": {
    en: "{author} saved this draft at {time} (version {currentVersion}); your change was based on version {baseVersion}. Reload the draft and apply your change again.",
    "zh-Hans": "{author} 已于 {time} 保存此草稿（版本 {currentVersion}）；您的修改基于版本 {baseVersion}。请重新载入草稿后再次修改。",
    "zh-Hant": "{author} 已於 {time} 儲存此草稿（版本 {currentVersion}）；您的修改基於版本 {baseVersion}。請重新載入草稿後再次修改。",
  },
  "flow-invalid": {
    en: "The flow has {count} error(s) and cannot be published. Fix them and validate again.",
    "zh-Hans": "流程有 {count} 个错误，无法发布。请修正后再次验证。",
    "zh-Hant": "流程有 {count} 個錯誤，無法發布。請修正後再次驗證。",
  },
  "already-exists": {
    en: "A {entity} with this {field} already exists. Choose another {field}.",
    "zh-Hans": "已存在相同{field}的{entity}。请换一个{field}。",
    "zh-Hant": "已存在相同{field}的{entity}。請換一個{field}。",
  },
  "upgrade-required": {
    en: "{path} is a WebSocket endpoint. Connect with a WebSocket client (Upgrade: websocket) instead of plain HTTP.",
    "zh-Hans": "{path} 是 WebSocket 端点。请使用 WebSocket 客户端（Upgrade: websocket）连接，而不是普通 HTTP。",
    "zh-Hant": "{path} 是 WebSocket 端點。請使用 WebSocket 用戶端（Upgrade: websocket）連線，而不是一般 HTTP。",
  },
  "invalid-message": {
    en: "The message is invalid: {detail}.",
    "zh-Hans": "消息无效：{detail}。",
    "zh-Hant": "訊息無效：{detail}。",
  },
  "call-not-started": {
    en: "No test call is running on this connection. Send a start message first.",
    "zh-Hans": "此连接上没有进行中的测试通话。请先发送 start 消息。",
    "zh-Hant": "此連線上沒有進行中的測試通話。請先傳送 start 訊息。",
  },
  "call-already-started": {
    en: "A test call is already running on this connection. Hang it up, or open another connection for a second call.",
    "zh-Hans": "此连接上已有进行中的测试通话。请先挂断，或为第二通电话另开连接。",
    "zh-Hant": "此連線上已有進行中的測試通話。請先掛斷，或為第二通電話另開連線。",
  },
  "test-call-limit": {
    en: "The tenant already runs {limit} test call(s), its limit. Hang up another test call and try again.",
    "zh-Hans": "租户已有 {limit} 通测试通话在进行，已达上限。请挂断其他测试通话后重试。",
    "zh-Hant": "租戶已有 {limit} 通測試通話在進行，已達上限。請掛斷其他測試通話後重試。",
  },
  "tenant-required": {
    en: "Platform users must name the tenant to test in: add \"tenant\" with the tenant's id to the start message.",
    "zh-Hans": "平台用户必须指定要测试的租户：在 start 消息中加入 \"tenant\"（租户 ID）。",
    "zh-Hant": "平台使用者必須指定要測試的租戶：在 start 訊息中加入 \"tenant\"（租戶 ID）。",
  },
  "flow-not-runnable": {
    en: "The flow has {count} error(s) and cannot run; the first: {first}. Fix them and validate again.",
    "zh-Hans": "流程有 {count} 个错误，无法运行；第一个：{first}。请修正后再次验证。",
    "zh-Hant": "流程有 {count} 個錯誤，無法執行；第一個：{first}。請修正後再次驗證。",
  },
  "bundle-foreign-reference": {
    en: "The bundle refers to {reference}, which does not belong to this tenant. Bundles name objects by name; remove the reference or ask the platform operator to assign it.",
    "zh-Hans": "包引用了不属于此租户的 {reference}。包应以名称引用对象；请移除该引用，或请平台运营方分配。",
    "zh-Hant": "套件引用了不屬於此租戶的 {reference}。套件應以名稱引用物件；請移除該引用，或請平台營運方指派。",
  },
  "bundle-conflict": {
    en: "The tenant already has different objects with these names: {names}. Import again with onConflict \"rename\" or \"replace\".",
    "zh-Hans": "租户已有同名但内容不同的对象：{names}。请以 onConflict \"rename\" 或 \"replace\" 重新导入。",
    "zh-Hant": "租戶已有同名但內容不同的物件：{names}。請以 onConflict \"rename\" 或 \"replace\" 重新匯入。",
  },
  "acd-unavailable": {
    en: "Call distribution is not running for this tenant on this server. Try again in a moment; if it persists, tell the platform operator.",
    "zh-Hans": "此服务器上未为该租户运行来电分配。请稍后重试；如持续出现，请通知平台运营方。",
    "zh-Hant": "此伺服器上未為該租戶執行來電分配。請稍後重試；如持續發生，請通知平台營運方。",
  },
  "acd-conflict": {
    en: "Call distribution cannot do this now: {detail}.",
    "zh-Hans": "来电分配现在无法执行此操作：{detail}。",
    "zh-Hant": "來電分配現在無法執行此操作：{detail}。",
  },
  "transfer-target-not-found": {
    en: "This tenant has no {entity} {id} to transfer the call to. Choose an agent, a queue or a published IVR flow of this tenant.",
    "zh-Hans": "此租户没有可转接的{entity} {id}。请选择本租户的坐席、队列或已发布的 IVR 流程。",
    "zh-Hant": "此租戶沒有可轉接的{entity} {id}。請選擇本租戶的專員、佇列或已發佈的 IVR 流程。",
  },
  "database-unavailable": {
    en: "The database cannot be reached. Try again in a moment; if it persists, tell the platform operator.",
    "zh-Hans": "无法连接数据库。请稍后重试；如持续出现，请通知平台运营方。",
    "zh-Hant": "無法連線資料庫。請稍後重試；如持續發生，請通知平台營運方。",
  },
  "internal-error": {
    en: "The server failed to handle the request (reference {requestId}). Tell the platform operator.",
    "zh-Hans": "服务器处理请求失败（参考编号 {requestId}）。请通知平台运营方。",
    "zh-Hant": "伺服器處理請求失敗（參考編號 {requestId}）。請通知平台營運方。",
  },
} as const satisfies Record<string, Templates>;

/** A stable error code of the API. */
export type ApiErrorCode = keyof typeof API_MESSAGES;

/** Names of the things that `not-found` and `already-exists` messages name. */
const ENTITY_NAMES: Record<string, Templates> = {
  flow: { en: "flow", "zh-Hans": "流程", "zh-Hant": "流程" },
  "flow version": { en: "flow version", "zh-Hans": "流程版本", "zh-Hant": "流程版本" },
  "phone number": { en: "phone number", "zh-Hans": "电话号码", "zh-Hant": "電話號碼" },
  call: { en: "call", "zh-Hans": "通话", "zh-Hant": "通話" },
  connector: { en: "connector", "zh-Hans": "连接器", "zh-Hant": "連接器" },
  secret: { en: "secret", "zh-Hans": "密钥", "zh-Hant": "密鑰" },
  tenant: { en: "tenant", "zh-Hans": "租户", "zh-Hant": "租戶" },
  user: { en: "user", "zh-Hans": "用户", "zh-Hant": "使用者" },
  role: { en: "role", "zh-Hans": "角色", "zh-Hant": "角色" },
  login: { en: "login", "zh-Hans": "账号", "zh-Hant": "帳號" },
  prompt: { en: "prompt", "zh-Hans": "提示音", "zh-Hant": "提示音" },
  "prompt audio": { en: "prompt audio file", "zh-Hans": "提示音音频文件", "zh-Hant": "提示音音訊檔" },
  calendar: { en: "calendar", "zh-Hans": "日历", "zh-Hant": "行事曆" },
  "name and language": { en: "name and language", "zh-Hans": "名称与语言", "zh-Hant": "名稱與語言" },
  resource: { en: "resource", "zh-Hans": "资源", "zh-Hant": "資源" },
  name: { en: "name", "zh-Hans": "名称", "zh-Hant": "名稱" },
  number: { en: "number", "zh-Hans": "号码", "zh-Hant": "號碼" },
  "test call audio": { en: "test call audio", "zh-Hans": "测试通话音频", "zh-Hant": "測試通話音訊" },
  template: { en: "template", "zh-Hans": "模板", "zh-Hant": "範本" },
  agent: { en: "agent", "zh-Hans": "坐席", "zh-Hant": "專員" },
  queue: { en: "queue", "zh-Hans": "队列", "zh-Hant": "佇列" },
};

// Parameters whose values are keys of ENTITY_NAMES, translated when the message is filled.
const TRANSLATED_PARAMS = new Set(["entity", "field"]);

/** Fills the message of `code` in `locale`, translating the `entity` and `field` parameters. */
export function formatApiMessage(code: ApiErrorCode, locale: InterfaceLocale, params: Record<string, string | number>): string {
  const template: string = API_MESSAGES[code][locale];

  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) {
      return whole;
    }

    const value = String(params[name]);
    return TRANSLATED_PARAMS.has(name) ? (ENTITY_NAMES[value]?.[locale] ?? value) : value;
  });
}
