import { specRegistry, type NodeSpec, type SpecRegistry } from "@callflow/sdk";

import { callAnswerSpec } from "./call-answer/spec.js";
import { callHangupSpec } from "./call-hangup/spec.js";
import { callInboundSpec } from "./call-inbound/spec.js";
import { callSetLanguageSpec } from "./call-set-language/spec.js";
import { flowSubflowSpec } from "./flow-subflow/spec.js";
import { ivrCollectDigitsSpec } from "./ivr-collect-digits/spec.js";
import { ivrMenuSpec } from "./ivr-menu/spec.js";
import { logicBusinessHoursSpec } from "./logic-business-hours/spec.js";
import { logicSetSpec } from "./logic-set/spec.js";
import { logicSplitSpec } from "./logic-split/spec.js";
import { logicSwitchSpec } from "./logic-switch/spec.js";
import { mediaPlaySpec } from "./media-play/spec.js";
import { utilLogSpec } from "./util-log/spec.js";
import { flowEndSpec } from "./flow-end/spec.js";
import { mediaRecordSpec } from "./media-record/spec.js";
import { callTransferSpec } from "./call-transfer/spec.js";
import { callBlindTransferSpec } from "./call-blind-transfer/spec.js";
import { callSendDtmfSpec } from "./call-send-dtmf/spec.js";
import { callChannelVariablesSpec } from "./call-channel-variables/spec.js";
import { integrationHttpSpec } from "./integration-http/spec.js";
import { integrationSocketSpec } from "./integration-socket/spec.js";
import { logicScriptSpec } from "./logic-script/spec.js";
import { dataQuerySpec } from "./data-query/spec.js";
import { integrationFileSpec } from "./integration-file/spec.js";
import { integrationEmailSpec } from "./integration-email/spec.js";
import { integrationSmsSpec } from "./integration-sms/spec.js";
import { routingSpecs } from "./routing-shared/routing-specs.js";

export * from "./routing-shared/routing-specs.js";
export {
  callAnswerSpec,
  callHangupSpec,
  callInboundSpec,
  callSetLanguageSpec,
  flowEndSpec,
  flowSubflowSpec,
  ivrCollectDigitsSpec,
  ivrMenuSpec,
  logicBusinessHoursSpec,
  logicSetSpec,
  logicSplitSpec,
  logicSwitchSpec,
  mediaPlaySpec,
  utilLogSpec,
  mediaRecordSpec,
  callTransferSpec,
  callBlindTransferSpec,
  callSendDtmfSpec,
  callChannelVariablesSpec,
  integrationHttpSpec,
  integrationSocketSpec,
  logicScriptSpec,
  dataQuerySpec,
  integrationFileSpec,
  integrationEmailSpec,
  integrationSmsSpec,
};

/** Specs of every built-in node type: browser-safe, for the studio and the compiler. */
export const builtinSpecs: readonly NodeSpec<any, any>[] = [
  callInboundSpec,
  callAnswerSpec,
  callHangupSpec,
  callSetLanguageSpec,
  mediaPlaySpec,
  ivrMenuSpec,
  ivrCollectDigitsSpec,
  logicSetSpec,
  logicSwitchSpec,
  logicSplitSpec,
  logicBusinessHoursSpec,
  flowSubflowSpec,
  flowEndSpec,
  utilLogSpec,
  mediaRecordSpec,
  callTransferSpec,
  callBlindTransferSpec,
  callSendDtmfSpec,
  callChannelVariablesSpec,
  integrationHttpSpec,
  integrationSocketSpec,
  logicScriptSpec,
  dataQuerySpec,
  integrationFileSpec,
  integrationEmailSpec,
  integrationSmsSpec,
  ...routingSpecs,
];

/** Creates a registry of the built-in specs, for compiling in the browser. */
export function builtinSpecRegistry(): SpecRegistry {
  return specRegistry(builtinSpecs);
}
