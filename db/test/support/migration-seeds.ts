import type pg from "pg";

/**
 * Rows to put into a database that is at a given migration, before the next migration is
 * applied to it, keyed by that migration's tag. A database at a migration without an entry gets
 * the seed of the latest earlier migration that has one. Add an entry when a migration changes
 * tables in a way that existing rows must survive, written against the schema as it is at that
 * migration.
 */
export const MIGRATION_SEEDS: Record<string, (client: pg.Client) => Promise<void>> = {
  "0001_schema": async (client) => {
    await client.query(`
      insert into tenants (id, name, max_agents, max_pstn_calls, max_web_calls, max_loaded_flows, max_test_calls, wrapped_data_key)
      values ('11111111-1111-4111-8111-111111111111', 'Seeded', 5, 5, 5, 5, 1, '\\x00');
      insert into call_slot_counters (tenant_id, channel, in_use) values ('11111111-1111-4111-8111-111111111111', 'pstn', 2);
      insert into users (id, tenant_id, login, display_name, password_hash, roles)
      values ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'seed', 'Seed', 'placeholder', '{tenant-admin}');
      insert into flows (id, tenant_id, name, kind, created_by)
      values ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 'seeded', 'ivr', '22222222-2222-4222-8222-222222222222');
      insert into flow_drafts (flow_id, tenant_id, document, version, updated_by)
      values ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', '{"schemaVersion": 1}', 4, '22222222-2222-4222-8222-222222222222');
      insert into flow_versions (tenant_id, flow_id, version, document, compiled_hash, published_by)
      values ('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333', 1, '{"schemaVersion": 1}', 'sha256:seed', '22222222-2222-4222-8222-222222222222');
      insert into call_records (id, tenant_id, channel, flow_id, flow_version, ended_at)
      values ('44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111', 'pstn', '33333333-3333-4333-8333-333333333333', 1, now());
      insert into call_trace_events (tenant_id, call_id, seq, at, type) values ('11111111-1111-4111-8111-111111111111', '44444444-4444-4444-8444-444444444444', 0, now(), 'node.entered');
      insert into audit_log (tenant_id, actor_kind, actor_id, action) values ('11111111-1111-4111-8111-111111111111', 'system', 'seed', 'tenant.create');
    `);
  },
};
