import { NodeRegistry, type NodeDefinition } from "@callflow/sdk";

import { callAnswerNode } from "./call-answer/run.js";
import { callHangupNode } from "./call-hangup/run.js";
import { callInboundNode } from "./call-inbound/run.js";
import { callSetLanguageNode } from "./call-set-language/run.js";
import { flowSubflowNode } from "./flow-subflow/run.js";
import { ivrCollectDigitsNode } from "./ivr-collect-digits/run.js";
import { ivrMenuNode } from "./ivr-menu/run.js";
import { logicBusinessHoursNode } from "./logic-business-hours/run.js";
import { logicSetNode } from "./logic-set/run.js";
import { logicSplitNode } from "./logic-split/run.js";
import { logicSwitchNode } from "./logic-switch/run.js";
import { mediaPlayNode } from "./media-play/run.js";
import { utilLogNode } from "./util-log/run.js";
import { flowEndNode } from "./flow-end/run.js";
import { mediaRecordNode } from "./media-record/run.js";
import { callTransferNode } from "./call-transfer/run.js";
import { callBlindTransferNode } from "./call-blind-transfer/run.js";
import { callSendDtmfNode } from "./call-send-dtmf/run.js";
import { callChannelVariablesNode } from "./call-channel-variables/run.js";
import { integrationHttpNode } from "./integration-http/run.js";
import { integrationSocketNode } from "./integration-socket/run.js";
import { logicScriptNode } from "./logic-script/run.js";
import { dataQueryNode } from "./data-query/run.js";
import { integrationFileNode } from "./integration-file/run.js";
import { integrationEmailNode } from "./integration-email/run.js";
import { integrationSmsNode } from "./integration-sms/run.js";
import { routingNodes } from "./routing-shared/routing-nodes.js";

export * from "./specs.js";
export { UnknownLanguageError } from "./call-set-language/run.js";
export { RecordingFailedError } from "./media-record/run.js";
export { InvalidDtmfError } from "./call-send-dtmf/run.js";
export * from "./logic-script/script-service.js";
export { ScriptFailedError } from "./logic-script/run.js";
export { ScriptOutputError } from "./logic-script/script-outputs.js";
export { HttpStatusError, ServiceUnavailableError } from "./integration-http/errors.js";
export * from "./integration-http/http-service.js";
export * from "./integration-socket/socket-service.js";
export { socketConnectionSchema } from "./integration-socket/spec.js";
export * from "./data-query/sql-service.js";
export { parseSqlParameters, type ParsedSql, type ParseSqlOptions } from "./data-query/sql-parameters.js";
export { SqlParameterError } from "./data-query/run.js";
export * from "./integration-file/file-service.js";
export { FILE_NOT_FOUND } from "./integration-file/run.js";
export * from "./integration-email/mail-service.js";
export { InvalidRecipientError } from "./integration-email/run.js";
export * from "./integration-sms/sms-service.js";
export { InvalidSmsDestinationError } from "./integration-sms/run.js";
export * from "./routing-shared/routing-nodes.js";
export {
  callAnswerNode,
  callHangupNode,
  callInboundNode,
  callSetLanguageNode,
  flowEndNode,
  flowSubflowNode,
  ivrCollectDigitsNode,
  ivrMenuNode,
  logicBusinessHoursNode,
  logicSetNode,
  logicSplitNode,
  logicSwitchNode,
  mediaPlayNode,
  utilLogNode,
  mediaRecordNode,
  callTransferNode,
  callBlindTransferNode,
  callSendDtmfNode,
  callChannelVariablesNode,
  integrationHttpNode,
  integrationSocketNode,
  logicScriptNode,
  dataQueryNode,
  integrationFileNode,
  integrationEmailNode,
  integrationSmsNode,
};

/** Every built-in node type with its run function. */
export const builtinNodes: readonly NodeDefinition<any, any>[] = [
  callInboundNode,
  callAnswerNode,
  callHangupNode,
  callSetLanguageNode,
  mediaPlayNode,
  ivrMenuNode,
  ivrCollectDigitsNode,
  logicSetNode,
  logicSwitchNode,
  logicSplitNode,
  logicBusinessHoursNode,
  flowSubflowNode,
  flowEndNode,
  utilLogNode,
  mediaRecordNode,
  callTransferNode,
  callBlindTransferNode,
  callSendDtmfNode,
  callChannelVariablesNode,
  integrationHttpNode,
  integrationSocketNode,
  logicScriptNode,
  dataQueryNode,
  integrationFileNode,
  integrationEmailNode,
  integrationSmsNode,
  ...routingNodes,
];

/** Creates a registry of the built-in nodes, for the runtime. Add custom node packages with `register`. */
export function createNodeRegistry(): NodeRegistry {
  return new NodeRegistry(builtinNodes);
}
