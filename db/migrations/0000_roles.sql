-- Creates the database roles that the row-level security policies name. Roles belong to the
-- whole cluster, not to one database, so each is created only when missing: a second database
-- in the same cluster finds them present. Two databases migrated at the same moment can both
-- see a role missing; the loser's CREATE ROLE then fails with unique_violation on
-- pg_authid_rolname_index (or duplicate_object), which means the role now exists.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['callflow_app', 'callflow_platform'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
-- withTenant and withPlatform switch to these roles per transaction, which needs membership. A
-- superuser needs none; any other migrating user gets it here, and a separate login role of the
-- service needs `GRANT callflow_app, callflow_platform TO that_role`.
DO $$
DECLARE
  role_name text;
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN;
  END IF;
  FOREACH role_name IN ARRAY ARRAY['callflow_app', 'callflow_platform'] LOOP
    IF NOT pg_has_role(current_user, role_name, 'MEMBER') THEN
      EXECUTE format('GRANT %I TO %I', role_name, current_user);
    END IF;
  END LOOP;
END
$$;
