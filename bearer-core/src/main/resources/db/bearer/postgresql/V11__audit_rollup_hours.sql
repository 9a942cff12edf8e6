-- A coarser rollup tier for long ranges: request rows per token, event and UTC hour (hour_start:
-- UTC epoch second, a multiple of 3600), exact for every zone whose offsets and transitions are
-- whole hours. Long daily series and hourly distributions read it instead of four times as many
-- 15-minute buckets; zones at a quarter or half hour (+05:30, +05:45, Chatham) keep reading the
-- buckets. The audit writer, the catch-up and rebuilds keep it with the buckets, in the same
-- transactions (see docs/usage-analytics.md).
create table ${table_prefix}audit_rollup_hours (
    token_id    bigint not null,
    event       varchar(32) not null,
    hour_start  bigint not null,
    uses        bigint not null,
    primary key (token_id, event, hour_start)
);

-- The hours of the buckets already kept.
insert into ${table_prefix}audit_rollup_hours (token_id, event, hour_start, uses)
select token_id, event, bucket_start - mod(bucket_start, 3600), sum(uses)
from ${table_prefix}audit_rollup_buckets
group by token_id, event, bucket_start - mod(bucket_start, 3600);
