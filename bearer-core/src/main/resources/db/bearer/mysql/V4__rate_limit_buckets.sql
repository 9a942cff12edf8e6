-- Rate-limit buckets shared by every node (bearer.rate-limit.backend=jdbc): one row per bucket,
-- keyed by the token's id and limit, holding Bucket4j's serialized state. expires_at (epoch
-- milliseconds) is when the bucket is full again plus a margin: such a row is the same as no row,
-- and a scheduled job deletes it in bounded batches.
create table ${table_prefix}rate_limit_buckets (
    id          varchar(128) not null primary key,
    state       blob,
    expires_at  bigint
);
create index ${table_prefix}rate_limit_buckets_expires_idx on ${table_prefix}rate_limit_buckets (expires_at);
