-- Privileges and rules that drizzle-kit does not generate.
--
-- FORCE ROW LEVEL SECURITY makes the policies apply to the tables' owner too. Superusers still
-- bypass them, which is why withTenant switches to callflow_app for each transaction.
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "platform_users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "custom_roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "user_custom_roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "flows" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "flow_drafts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "flow_versions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "phone_numbers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "prompts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "calendars" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_records" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_sensitive_values" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_trace_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_slot_counters" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Without USAGE on the schema every query fails with a misleading
-- `relation "..." does not exist`.
GRANT USAGE ON SCHEMA public TO callflow_app, callflow_platform;--> statement-breakpoint

-- The application role: tenant data, within the policies. Published versions, trace events and
-- the audit log are append-only; tenants, numbers and call slot counters change only in the
-- columns named.
GRANT SELECT ON "tenants" TO callflow_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "custom_roles", "user_custom_roles", "flows", "flow_drafts", "prompts", "calendars", "call_sensitive_values" TO callflow_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "call_records" TO callflow_app;--> statement-breakpoint
GRANT SELECT, INSERT ON "flow_versions", "call_trace_events", "audit_log" TO callflow_app;--> statement-breakpoint
GRANT SELECT, UPDATE ("flow_id", "caller_id") ON "phone_numbers" TO callflow_app;--> statement-breakpoint
GRANT SELECT, UPDATE ("in_use", "refused_total", "updated_at") ON "call_slot_counters" TO callflow_app;--> statement-breakpoint

-- The platform role: reads everything; writes tenants, platform users, number assignments,
-- counters and the audit log.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO callflow_platform;--> statement-breakpoint
GRANT INSERT, UPDATE ON "tenants", "platform_users", "call_slot_counters" TO callflow_platform;--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON "phone_numbers" TO callflow_platform;--> statement-breakpoint
GRANT INSERT ON "audit_log" TO callflow_platform;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO callflow_app, callflow_platform;--> statement-breakpoint

-- Rejects a change for every role, the owner included. TG_ARGV[0] is the hint shown.
CREATE OR REPLACE FUNCTION callflow_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: its rows are immutable', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation', HINT = TG_ARGV[0];
END
$$;--> statement-breakpoint
CREATE TRIGGER "flow_versions_immutable" BEFORE UPDATE ON "flow_versions"
  FOR EACH ROW EXECUTE FUNCTION callflow_reject_change('Publish a new version instead.');--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION callflow_reject_change('The audit log is append-only.');
