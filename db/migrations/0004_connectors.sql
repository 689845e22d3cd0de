CREATE TABLE "connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_tenant_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "connectors_name_check" CHECK ("connectors"."name" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
	CONSTRAINT "connectors_kind_check" CHECK ("connectors"."kind" in ('database', 'socket', 'http', 'smtp', 'smpp'))
);
--> statement-breakpoint
ALTER TABLE "connectors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"iv" "bytea" NOT NULL,
	"auth_tag" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secrets_tenant_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "secrets_name_check" CHECK ("secrets"."name" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
	CONSTRAINT "secrets_type_check" CHECK ("secrets"."type" in ('basic', 'bearer'))
);
--> statement-breakpoint
ALTER TABLE "secrets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "connectors" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("connectors"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("connectors"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "connectors" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "secrets" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("secrets"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("secrets"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "secrets" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint

-- Privileges and rules that drizzle-kit does not generate (see 0002_grants.sql). The platform
-- role reads every table, as it does since 0002.
ALTER TABLE "connectors" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "secrets" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "connectors", "secrets" TO callflow_app;--> statement-breakpoint
GRANT SELECT ON "connectors", "secrets" TO callflow_platform;
