export * from "./schema/index.js";
export * from "./permissions.js";
export * from "./errors.js";
export { openDatabase, type CallflowDatabase, type DatabaseOptions, type NumberRoute } from "./database.js";
export { TenantScope, type TenantEncryption } from "./tenant-scope.js";
export { PlatformScope, type NewTenant, type Tenant } from "./platform/platform-scope.js";
export type { PlatformActor } from "./platform/actor.js";
export { DEFAULT_TENANT_QUOTAS, type TenantQuotas } from "./platform/quotas.js";
export type { CallSlotResult, CallSlotUsage } from "./call-slots.js";
export type { ReleasedCallSlots, RuntimeProcessIdentity } from "./runtime-processes.js";
export { createFlow, saveDraft, publishDraft, type DraftState } from "./drafts.js";
export { writeSensitiveValues, readSensitiveValues } from "./sensitive-values.js";
export { storeCallValues, type CallValues } from "./call-values.js";
export { appendTraceEvents, listTraceEvents, type StoredTraceEvent } from "./traces.js";
export { createUser, verifyLogin, createCustomRole, type User } from "./users.js";
export { hashPassword, verifyPassword, DEFAULT_SCRYPT_PARAMETERS, type ScryptParameters } from "./password.js";
export { loadMasterKey, parseMasterKey, MASTER_KEY_VARIABLE } from "./crypto/master-key.js";
export { generateDataKey, wrapDataKey, unwrapDataKey } from "./crypto/data-key.js";
export { encryptAesGcm, decryptAesGcm, type Sealed } from "./crypto/aes-gcm.js";
export { migrate, MIGRATIONS_FOLDER } from "./migrate.js";
export { startEmbeddedPostgres, DEFAULT_EMBEDDED_DATA_DIR, type EmbeddedPostgres, type EmbeddedPostgresOptions } from "./embedded.js";
export type { Orm, Transaction } from "./orm.js";
export { pingDatabase } from "./ping.js";
export {
  createTenantSession,
  findTenantSession,
  deleteTenantSession,
  createPlatformSession,
  findPlatformSession,
  deletePlatformSession,
  type TenantSession,
  type PlatformSession,
} from "./api-sessions.js";
export {
  FLOW_PUBLISHED_CHANNEL,
  notifyFlowPublished,
  publishDraftAndNotify,
  parseFlowPublishedNotice,
  listenForFlowPublications,
  type FlowPublishedNotice,
  type FlowPublicationListener,
  type FlowPublicationListenerOptions,
} from "./flow-publications.js";
export { describeCalledNumber, type CalledNumberRoute } from "./number-routes.js";
export {
  findLatestFlowVersion,
  findFlowVersionByName,
  findFlowIdByName,
  findFlowTenant,
  listPromptLanguages,
  listCalendarRows,
  type PublishedFlowVersion,
  type PromptLanguageRow,
  type CalendarRow,
} from "./published-flows.js";
export {
  insertCallRecords,
  finishCallRecords,
  appendCallTraceEvents,
  getCallRecord,
  listCallRecords,
  type NewCallRecord,
  type CallRecordEnd,
  type CallTraceEventRow,
  type CallRecordRow,
} from "./call-logs.js";
export { createPlatformUser, verifyPlatformLogin, type PlatformUser } from "./platform-users.js";
export { findTenantByName } from "./find-tenant.js";
export { ensurePlatformDelegate, openDelegatedSession, delegateUserId, type DelegatedPlatformUser } from "./platform-delegates.js";
export { DELEGATE_LOGIN_PREFIX, isDelegateLogin } from "./delegate-login.js";
export { listFlows, getFlowWithDraft, type FlowStatus, type FlowAuthor, type FlowSummary, type FlowWithDraft } from "./flow-reads.js";
export { listFlowVersions, getFlowVersion, republishVersion, type FlowVersion, type FlowVersionSummary } from "./flow-versions.js";
export {
  searchCallRecords,
  getCallRecordDetail,
  listTraceEventPage,
  type CallRecordFilter,
  type CallRecordSummary,
  type CallRecordDetail,
} from "./call-record-search.js";
export { listPhoneNumbers, updatePhoneNumber, type PhoneNumberSettings } from "./phone-number-settings.js";
export { listenOnChannel, type ChannelListener, type ChannelListenerOptions } from "./notice-listener.js";
export {
  CONNECTORS_CHANGED_CHANNEL,
  listConnectors,
  getConnector,
  findConnectorByName,
  createConnector,
  updateConnector,
  deleteConnector,
  type StoredConnector,
  type NewConnector,
  type TenantActor,
} from "./connectors.js";
export { listSecrets, getSecret, putSecret, deleteSecret, readSecretValue, type SecretValue, type SecretSummary } from "./connector-secrets.js";
export { appendAcdEvents, listAcdEvents, createAcdOwnerLock, type AcdEventRow, type AcdOwnerLock } from "./acd-events.js";
export { auditTenantChange, type TenantChangeActor } from "./tenant-audit.js";
export { listUsers, getUser, updateUser, resetUserPassword, setUserCustomRoles, type UserDetail, type UserChanges } from "./user-admin.js";
export { listCustomRoles, getCustomRole, updateCustomRole, deleteCustomRole, type CustomRole } from "./custom-roles.js";
export {
  listPrompts,
  getPrompt,
  createPrompt,
  updatePromptContent,
  deletePrompt,
  putPromptAudio,
  getPromptAudio,
  uploadedAudioUri,
  type Prompt,
  type PromptContent,
  type PromptAudioFile,
} from "./prompt-admin.js";
export { listCalendars, getCalendar, createCalendar, updateCalendar, deleteCalendar, type StoredCalendar } from "./calendar-admin.js";
