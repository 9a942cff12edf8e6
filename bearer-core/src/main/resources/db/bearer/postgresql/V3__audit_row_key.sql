-- Every audit row carries a key chosen when the row is accepted. The writer inserts with the key
-- and skips a key that is already there, so a batch retried after a lost commit acknowledgement,
-- or replayed from the spool after a restart, is written once.
alter table ${table_prefix}token_audit_logs add column row_key uuid;
create unique index ${table_prefix}audit_row_key_idx on ${table_prefix}token_audit_logs (row_key);
