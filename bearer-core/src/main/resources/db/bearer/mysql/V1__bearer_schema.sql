create table ${table_prefix}token_groups (
    id          bigint auto_increment primary key,
    owner_type  varchar(255) not null,
    owner_id    varchar(255) not null,
    name        varchar(255),
    metadata    json,
    created_at  datetime(6) not null,
    updated_at  datetime(6) not null
) engine = InnoDB;
create index ${table_prefix}token_groups_owner_idx on ${table_prefix}token_groups (owner_type, owner_id);

create table ${table_prefix}tokens (
    id                     bigint auto_increment primary key,
    owner_type             varchar(255) not null,
    owner_id               varchar(255) not null,
    name                   varchar(255) not null,
    type                   varchar(32) not null,
    environment            varchar(16) not null,
    display_prefix         varchar(64) not null,
    token_hash             varchar(128) not null,
    hash_algorithm         varchar(16) not null,
    abilities              json not null,
    metadata               json,
    allowed_ips            json,
    allowed_domains        json,
    rate_limit_per_minute  integer,
    group_id               bigint,
    parent_id              bigint,
    expires_at             datetime(6),
    last_used_at           datetime(6),
    revoked_at             datetime(6),
    created_at             datetime(6) not null,
    updated_at             datetime(6) not null,
    constraint ${table_prefix}tokens_token_hash_uk unique (token_hash),
    constraint ${table_prefix}tokens_group_fk foreign key (group_id) references ${table_prefix}token_groups (id) on delete set null,
    constraint ${table_prefix}tokens_parent_fk foreign key (parent_id) references ${table_prefix}tokens (id) on delete set null
) engine = InnoDB;
create index ${table_prefix}tokens_owner_idx on ${table_prefix}tokens (owner_type, owner_id);
create index ${table_prefix}tokens_group_idx on ${table_prefix}tokens (group_id);
create index ${table_prefix}tokens_type_env_idx on ${table_prefix}tokens (type, environment);

create table ${table_prefix}token_audit_logs (
    id          bigint auto_increment primary key,
    token_id    bigint,
    event       varchar(32) not null,
    ip_address  varchar(45),
    user_agent  varchar(512),
    metadata    json,
    created_at  datetime(6) not null,
    constraint ${table_prefix}audit_token_fk foreign key (token_id) references ${table_prefix}tokens (id) on delete set null
) engine = InnoDB;
create index ${table_prefix}audit_token_event_time_idx on ${table_prefix}token_audit_logs (token_id, event, created_at);
create index ${table_prefix}audit_event_time_idx on ${table_prefix}token_audit_logs (event, created_at);
create index ${table_prefix}audit_time_idx on ${table_prefix}token_audit_logs (created_at);
