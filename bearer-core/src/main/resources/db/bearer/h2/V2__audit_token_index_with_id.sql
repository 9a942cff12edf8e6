-- Newest-first (and oldest-first) pages of one token's events are ordered by created_at and then
-- id, so that rows of the same instant keep a stable order. With id in the index, a page or a
-- first/last lookup reads only the rows it returns instead of sorting all of the token's rows.
-- The new index covers everything the one it replaces did.
create index ${table_prefix}audit_token_event_time_id_idx on ${table_prefix}token_audit_logs (token_id, event, created_at, id);
drop index ${table_prefix}audit_token_event_time_idx;
