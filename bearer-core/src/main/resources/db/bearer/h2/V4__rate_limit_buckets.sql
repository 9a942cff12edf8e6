-- Rate-limit buckets shared by every node (bearer.rate-limit.backend=jdbc): one row per bucket,
-- keyed by the token's id and limit, holding Bucket4j's serialized state. Bucket4j has no H2
-- backend, so on H2 the limits stay in each node's memory and this table stays empty; it is here
-- so that every database has the same tables.
create table ${table_prefix}rate_limit_buckets (
    id          varchar(128) not null primary key,
    state       varbinary(65536),
    expires_at  bigint
);
create index ${table_prefix}rate_limit_buckets_expires_idx on ${table_prefix}rate_limit_buckets (expires_at);
