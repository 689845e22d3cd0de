CREATE TABLE "api_sessions" (
	"token_hash" "bytea" PRIMARY KEY NOT NULL,
	"tenant_id" uuid,
	"user_id" uuid,
	"platform_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "api_sessions_owner_check" CHECK (("api_sessions"."tenant_id" is not null and "api_sessions"."user_id" is not null and "api_sessions"."platform_user_id" is null)
        or ("api_sessions"."tenant_id" is null and "api_sessions"."user_id" is null and "api_sessions"."platform_user_id" is not null)),
	CONSTRAINT "api_sessions_token_hash_check" CHECK (octet_length("api_sessions"."token_hash") = 32)
);
--> statement-breakpoint
ALTER TABLE "api_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_sessions" ADD CONSTRAINT "api_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_sessions" ADD CONSTRAINT "api_sessions_platform_user_id_platform_users_id_fk" FOREIGN KEY ("platform_user_id") REFERENCES "public"."platform_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_sessions" ADD CONSTRAINT "api_sessions_user_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_sessions_user_idx" ON "api_sessions" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "api_sessions" AS PERMISSIVE FOR ALL TO "callflow_app" USING ("api_sessions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("api_sessions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "platform_access" ON "api_sessions" AS PERMISSIVE FOR ALL TO "callflow_platform" USING (true) WITH CHECK (true);--> statement-breakpoint

-- Privileges and rules that drizzle-kit does not generate (see 0002_grants.sql). Sessions are
-- created, looked up and deleted, never changed.
ALTER TABLE "api_sessions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "api_sessions" TO callflow_app, callflow_platform;
