-- The audit table becomes a table partitioned by month of created_at (UTC), so retention drops
-- whole months instead of deleting rows. The existing table is renamed, a partitioned table with
-- the same columns takes its name, partitions are created for every month holding rows and for
-- the current and next two months, the rows are moved, the id sequence continues where the old
-- one stopped, and the indexes are built once the rows are in. A default partition takes any row
-- of a month without a partition, so an insert never fails for want of one; Bearer creates the
-- upcoming months' partitions ahead of time and moves rows out of the default partition when it
-- creates a partition for their month. The whole migration runs in one transaction, holding the
-- old table locked against writes until it commits.
alter table ${table_prefix}token_audit_logs rename to ${table_prefix}token_audit_logs_unpartitioned;

create table ${table_prefix}token_audit_logs (
    like ${table_prefix}token_audit_logs_unpartitioned including defaults including identity
) partition by range (created_at);

create table ${table_prefix}token_audit_logs_default partition of ${table_prefix}token_audit_logs default;

do $$
declare
    first_month timestamp;
    last_month timestamp;
    month timestamp;
begin
    select date_trunc('month', min(created_at) at time zone 'UTC')
        into first_month from ${table_prefix}token_audit_logs_unpartitioned;
    last_month := date_trunc('month', now() at time zone 'UTC') + interval '2 months';
    month := least(coalesce(first_month, last_month), date_trunc('month', now() at time zone 'UTC'));
    while month <= last_month loop
        execute format('create table %I partition of %I for values from (%L) to (%L)',
            '${table_prefix}token_audit_logs_p' || to_char(month, 'YYYYMM'),
            '${table_prefix}token_audit_logs',
            to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
            to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
        month := month + interval '1 month';
    end loop;
end $$;

insert into ${table_prefix}token_audit_logs select * from ${table_prefix}token_audit_logs_unpartitioned;

-- The new identity sequence continues after the old one (or after the highest id, if higher), so
-- no id is handed out twice.
do $$
declare
    last_id bigint;
    called boolean;
    highest bigint;
begin
    execute format('select last_value, is_called from %s',
        pg_get_serial_sequence('${table_prefix}token_audit_logs_unpartitioned', 'id')) into last_id, called;
    select max(id) into highest from ${table_prefix}token_audit_logs_unpartitioned;
    last_id := greatest(case when called then last_id else last_id - 1 end, coalesce(highest, 0));
    if last_id > 0 then
        perform setval(pg_get_serial_sequence('${table_prefix}token_audit_logs', 'id'), last_id, true);
    end if;
end $$;

drop table ${table_prefix}token_audit_logs_unpartitioned;

-- A partitioned table's unique indexes include the partition key. A row re-sent by the writer
-- keeps its created_at, so (row_key, created_at) still makes it a conflict.
alter table ${table_prefix}token_audit_logs add constraint ${table_prefix}token_audit_logs_pkey primary key (id, created_at);
alter table ${table_prefix}token_audit_logs add constraint ${table_prefix}audit_token_fk
    foreign key (token_id) references ${table_prefix}tokens (id) on delete set null;
create index ${table_prefix}audit_token_event_time_id_idx on ${table_prefix}token_audit_logs (token_id, event, created_at, id);
create index ${table_prefix}audit_event_time_idx on ${table_prefix}token_audit_logs (event, created_at);
create index ${table_prefix}audit_time_idx on ${table_prefix}token_audit_logs (created_at);
create unique index ${table_prefix}audit_row_key_idx on ${table_prefix}token_audit_logs (row_key, created_at);
