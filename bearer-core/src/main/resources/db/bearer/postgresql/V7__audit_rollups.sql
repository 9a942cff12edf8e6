-- Rollups of the request events (authenticated and the refusals) that the usage queries read instead
-- of raw rows. The audit writer adds each batch's rows in the transaction that inserts them; rows
-- that reach the audit table by other ways (an import, a restore, rows written before this
-- migration) are added by the catch-up or an explicit rebuild (see docs/usage-analytics.md).
-- No foreign keys: rollups outlive raw rows and never slow the audit insert down.

-- Rows per token and event in 15-minute UTC buckets (bucket_start: UTC epoch second, a multiple of
-- 900), exact for every zone whose offsets are whole quarter hours.
create table ${table_prefix}audit_rollup_buckets (
    token_id      bigint not null,
    event         varchar(32) not null,
    bucket_start  bigint not null,
    uses          bigint not null,
    primary key (token_id, event, bucket_start)
);

-- Authentications per token and IP address per UTC day (epoch_day: days since 1970-01-01 in UTC).
create table ${table_prefix}audit_rollup_ips (
    token_id    bigint not null,
    epoch_day   bigint not null,
    ip_address  varchar(45) not null,
    uses        bigint not null,
    primary key (token_id, epoch_day, ip_address)
);

-- All-history totals per token and event, and per token and IP address (authentications), so
-- counts, owner totals, most active tokens and usage by IP read a handful of rows.
create table ${table_prefix}audit_rollup_totals (
    token_id  bigint not null,
    event     varchar(32) not null,
    uses      bigint not null,
    primary key (token_id, event)
);
create table ${table_prefix}audit_rollup_ip_totals (
    token_id    bigint not null,
    ip_address  varchar(45) not null,
    uses        bigint not null,
    primary key (token_id, ip_address)
);

-- One row: every audit row with an id up to covered_id is in the rollups (or is not a request
-- event). The writer and the catch-up lock this row, so they never add the same row twice.
create table ${table_prefix}audit_rollup_mark (
    id          integer not null primary key,
    covered_id  bigint not null
);
insert into ${table_prefix}audit_rollup_mark (id, covered_id) values (1, 0);

-- Audit ids above covered_id that the writer has already added (it writes a run here when rows it
-- has not seen sit between covered_id and its own), so the catch-up skips them.
create table ${table_prefix}audit_rollup_ranges (
    first_id  bigint not null primary key,
    last_id   bigint not null
);
