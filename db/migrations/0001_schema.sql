CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" uuid,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "audit_log_actor_kind_check" CHECK ("audit_log"."actor_kind" in ('platform-user', 'user', 'system'))
);
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "call_slot_counters" (
	"tenant_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"in_use" integer DEFAULT 0 NOT NULL,
	"refused_total" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_slot_counters_tenant_id_channel_pk" PRIMARY KEY("tenant_id","channel"),
	CONSTRAINT "call_slot_counters_channel_check" CHECK ("call_slot_counters"."channel" in ('pstn', 'web', 'test')),
	CONSTRAINT "call_slot_counters_in_use_check" CHECK ("call_slot_counters"."in_use" >= 0)
);
--> statement-breakpoint
ALTER TABLE "call_slot_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "call_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"caller" text,
	"called" text,
	"flow_id" uuid,
	"flow_version" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"duration_ms" bigint GENERATED ALWAYS AS ((extract(epoch from (ended_at - started_at)) * 1000)::bigint) STORED,
	"recordings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "call_records_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "call_records_channel_check" CHECK ("call_records"."channel" in ('pstn', 'web', 'test')),
	CONSTRAINT "call_records_outcome_check" CHECK ("call_records"."outcome" in ('completed', 'abandoned', 'transferred', 'queued', 'failed', 'rejected')),
	CONSTRAINT "call_records_times_check" CHECK ("call_records"."answered_at" >= "call_records"."started_at" and "call_records"."ended_at" >= "call_records"."started_at")
);
--> statement-breakpoint
ALTER TABLE "call_records" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "call_sensitive_values" (
	"tenant_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"name" text NOT NULL,
	"plain_value" text,
	"ciphertext" "bytea",
	"iv" "bytea",
	"auth_tag" "bytea",
	CONSTRAINT "call_sensitive_values_call_id_name_pk" PRIMARY KEY("call_id","name"),
	CONSTRAINT "call_sensitive_values_form_check" CHECK (("call_sensitive_values"."plain_value" is not null and "call_sensitive_values"."ciphertext" is null and "call_sensitive_values"."iv" is null and "call_sensitive_values"."auth_tag" is null)
        or ("call_sensitive_values"."plain_value" is null and "call_sensitive_values"."ciphertext" is not null and octet_length("call_sensitive_values"."iv") = 12 and octet_length("call_sensitive_values"."auth_tag") = 16))
);
--> statement-breakpoint
ALTER TABLE "call_sensitive_values" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "call_trace_events" (
	"tenant_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"node_id" text,
	"schema_version" integer DEFAULT 1 NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "call_trace_events_call_id_seq_pk" PRIMARY KEY("call_id","seq")
);
--> statement-breakpoint
ALTER TABLE "call_trace_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "flow_drafts" (
	"flow_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"document" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flow_drafts_version_check" CHECK ("flow_drafts"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "flow_drafts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "flow_versions" (
	"tenant_id" uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"compiled_hash" text NOT NULL,
	"published_by" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "flow_versions_tenant_id_flow_id_version_pk" PRIMARY KEY("tenant_id","flow_id","version"),
	CONSTRAINT "flow_versions_version_check" CHECK ("flow_versions"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "flow_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "flows_tenant_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "flows_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "flows_kind_check" CHECK ("flows"."kind" in ('ivr', 'routing', 'outbound', 'workflow', 'survey'))
);
--> statement-breakpoint
ALTER TABLE "flows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendars_tenant_name_key" UNIQUE("tenant_id","name")
);
--> statement-breakpoint
ALTER TABLE "calendars" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"kind" text NOT NULL,
	"audio_uri" text,
	"tts_text" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompts_tenant_name_language_key" UNIQUE("tenant_id","name","language"),
	CONSTRAINT "prompts_kind_check" CHECK ("prompts"."kind" in ('audio', 'tts')),
	CONSTRAINT "prompts_content_check" CHECK (("prompts"."kind" = 'audio' and "prompts"."audio_uri" is not null and "prompts"."tts_text" is null) or ("prompts"."kind" = 'tts' and "prompts"."tts_text" is not null and "prompts"."audio_uri" is null))
);
--> statement-breakpoint
ALTER TABLE "prompts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "phone_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"flow_id" uuid,
	"caller_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "phone_numbers_number_key" UNIQUE("number"),
	CONSTRAINT "phone_numbers_number_check" CHECK ("phone_numbers"."number" ~ '^\+?[0-9]{2,20}$')
);
--> statement-breakpoint
ALTER TABLE "phone_numbers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "platform_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_users_locale_check" CHECK ("platform_users"."locale" in ('en', 'zh-Hans', 'zh-Hant')),
	CONSTRAINT "platform_users_roles_check" CHECK ("platform_users"."roles" <@ array['platform-admin', 'platform-operator']::text[])
);
--> statement-breakpoint
ALTER TABLE "platform_users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"max_agents" integer NOT NULL,
	"max_pstn_calls" integer NOT NULL,
	"max_web_calls" integer NOT NULL,
	"max_loaded_flows" integer NOT NULL,
	"max_test_calls" integer NOT NULL,
	"sensitive_data_encryption" boolean DEFAULT false NOT NULL,
	"wrapped_data_key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_status_check" CHECK ("tenants"."status" in ('active', 'suspended')),
	CONSTRAINT "tenants_default_locale_check" CHECK ("tenants"."default_locale" in ('en', 'zh-Hans', 'zh-Hant')),
	CONSTRAINT "tenants_quotas_check" CHECK ("tenants"."max_agents" >= 0 and "tenants"."max_pstn_calls" >= 0 and "tenants"."max_web_calls" >= 0 and "tenants"."max_loaded_flows" >= 0 and "tenants"."max_test_calls" >= 0)
);
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "custom_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_roles_tenant_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "custom_roles_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "custom_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "user_custom_roles" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	CONSTRAINT "user_custom_roles_user_id_role_id_pk" PRIMARY KEY("user_id","role_id")
);
--> statement-breakpoint
ALTER TABLE "user_custom_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "users_locale_check" CHECK ("users"."locale" in ('en', 'zh-Hans', 'zh-Hant')),
	CONSTRAINT "users_roles_check" CHECK ("users"."roles" <@ array['tenant-admin', 'tenant-analyst', 'supervisor', 'agent']::text[])
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_slot_counters" ADD CONSTRAINT "call_slot_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_records" ADD CONSTRAINT "call_records_flow_version_fk" FOREIGN KEY ("tenant_id","flow_id","flow_version") REFERENCES "public"."flow_versions"("tenant_id","flow_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_sensitive_values" ADD CONSTRAINT "call_sensitive_values_call_fk" FOREIGN KEY ("tenant_id","call_id") REFERENCES "public"."call_records"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_trace_events" ADD CONSTRAINT "call_trace_events_call_fk" FOREIGN KEY ("tenant_id","call_id") REFERENCES "public"."call_records"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_drafts" ADD CONSTRAINT "flow_drafts_flow_fk" FOREIGN KEY ("tenant_id","flow_id") REFERENCES "public"."flows"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_drafts" ADD CONSTRAINT "flow_drafts_updated_by_fk" FOREIGN KEY ("tenant_id","updated_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_flow_fk" FOREIGN KEY ("tenant_id","flow_id") REFERENCES "public"."flows"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_published_by_fk" FOREIGN KEY ("tenant_id","published_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flows" ADD CONSTRAINT "flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flows" ADD CONSTRAINT "flows_created_by_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendars" ADD CONSTRAINT "calendars_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_flow_fk" FOREIGN KEY ("tenant_id","flow_id") REFERENCES "public"."flows"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_roles" ADD CONSTRAINT "custom_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_custom_roles" ADD CONSTRAINT "user_custom_roles_user_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_custom_roles" ADD CONSTRAINT "user_custom_roles_role_fk" FOREIGN KEY ("tenant_id","role_id") REFERENCES "public"."custom_roles"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_tenant_at_idx" ON "audit_log" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "call_records_tenant_started_idx" ON "call_records" USING btree ("tenant_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "platform_users_login_key" ON "platform_users" USING btree (lower("login"));--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_name_key" ON "tenants" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_tenant_login_key" ON "users" USING btree ("tenant_id",lower("login"));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "audit_log" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("audit_log"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("audit_log"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "audit_log" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "call_slot_counters" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("call_slot_counters"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("call_slot_counters"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "call_slot_counters" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "call_records" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("call_records"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("call_records"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "call_records" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "call_sensitive_values" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("call_sensitive_values"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("call_sensitive_values"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "call_sensitive_values" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "call_trace_events" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("call_trace_events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("call_trace_events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "call_trace_events" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "flow_drafts" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("flow_drafts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("flow_drafts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "flow_drafts" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "flow_versions" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("flow_versions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("flow_versions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "flow_versions" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "flows" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("flows"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("flows"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "flows" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "calendars" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("calendars"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("calendars"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "calendars" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "prompts" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("prompts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("prompts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "prompts" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "phone_numbers" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("phone_numbers"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("phone_numbers"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "phone_numbers" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "platform_access" ON "platform_users" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_reads_itself" ON "tenants" AS PERMISSIVE FOR SELECT TO "callflow_app" USING ("tenants"."id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "tenants" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "custom_roles" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("custom_roles"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("custom_roles"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "custom_roles" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "user_custom_roles" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("user_custom_roles"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("user_custom_roles"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "user_custom_roles" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "users" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("users"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("users"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "users" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);