CREATE TABLE "call_slot_holds" (
	"tenant_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"process_id" uuid NOT NULL,
	"in_use" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "call_slot_holds_tenant_id_channel_process_id_pk" PRIMARY KEY("tenant_id","channel","process_id"),
	CONSTRAINT "call_slot_holds_in_use_check" CHECK ("call_slot_holds"."in_use" >= 0)
);
--> statement-breakpoint
ALTER TABLE "call_slot_holds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "runtime_processes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runtime_processes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "prompt_audio" (
	"prompt_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"byte_length" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_audio_byte_length_check" CHECK ("prompt_audio"."byte_length" = octet_length("prompt_audio"."content"))
);
--> statement-breakpoint
ALTER TABLE "prompt_audio" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "call_slot_holds" ADD CONSTRAINT "call_slot_holds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_tenant_id_id_key" UNIQUE("tenant_id","id");--> statement-breakpoint
ALTER TABLE "prompt_audio" ADD CONSTRAINT "prompt_audio_prompt_fk" FOREIGN KEY ("tenant_id","prompt_id") REFERENCES "public"."prompts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_slot_holds_process_idx" ON "call_slot_holds" USING btree ("process_id");--> statement-breakpoint
CREATE INDEX "runtime_processes_heartbeat_at_idx" ON "runtime_processes" USING btree ("heartbeat_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "call_slot_holds" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("call_slot_holds"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("call_slot_holds"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "call_slot_holds" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "platform_access" ON "runtime_processes" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "prompt_audio" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("prompt_audio"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("prompt_audio"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "prompt_audio" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint

-- Privileges and rules that drizzle-kit does not generate (see 0002_grants.sql). A tenant's
-- transactions take and give back slots in their own holds; the platform path registers runtime
-- processes and, when one dies, moves its holds back out of the counters.
ALTER TABLE "call_slot_holds" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "runtime_processes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "prompt_audio" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ("in_use") ON "call_slot_holds" TO callflow_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "prompt_audio" TO callflow_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "runtime_processes", "call_slot_holds" TO callflow_platform;--> statement-breakpoint
GRANT SELECT ON "prompt_audio" TO callflow_platform;
