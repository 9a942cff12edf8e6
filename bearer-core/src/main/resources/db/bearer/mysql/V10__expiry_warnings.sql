-- Expiry warnings sent: one row per key, kind, threshold and deadline. The scan inserts the row
-- before it publishes the warning, so whichever node inserts it first is the only one that
-- publishes it, once across restarts. basis is the instant the deadline counts from (the key's
-- expires_at, or its last use), so a key already warned that it is idle is not read again. Rows
-- go with their key; the scan deletes those of revoked and expired keys and of passed deadlines.
create table ${table_prefix}expiry_warnings (
    id                 bigint auto_increment primary key,
    token_id           bigint not null,
    kind               varchar(16) not null,
    threshold_seconds  bigint not null,
    deadline           datetime(6) not null,
    basis              datetime(6) not null,
    created_at         datetime(6) not null,
    constraint ${table_prefix}expiry_warnings_key unique (token_id, kind, threshold_seconds, deadline),
    constraint ${table_prefix}expiry_warnings_token_fk foreign key (token_id) references ${table_prefix}tokens (id) on delete cascade
) engine = InnoDB;
create index ${table_prefix}expiry_warnings_deadline_idx on ${table_prefix}expiry_warnings (deadline);
-- The scan reads keys expiring within the largest threshold.
create index ${table_prefix}tokens_expires_idx on ${table_prefix}tokens (expires_at);
