CREATE TABLE "acd_events" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acd_events_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq"),
	CONSTRAINT "acd_events_seq_check" CHECK ("acd_events"."seq" > 0),
	CONSTRAINT "acd_events_type_check" CHECK ("acd_events"."type" ~ '^[a-z]+(\.[a-z-]+)+$')
);
--> statement-breakpoint
ALTER TABLE "acd_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "acd_events" ADD CONSTRAINT "acd_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "acd_events" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("acd_events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("acd_events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "acd_events" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint

-- Privileges and rules that drizzle-kit does not generate (see 0002_grants.sql). The owning ACD
-- engine appends events in its tenant's transactions and never changes them.
ALTER TABLE "acd_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT ON "acd_events" TO callflow_app;--> statement-breakpoint
GRANT SELECT ON "acd_events" TO callflow_platform;
