-- Token changes (revocation, rotation, issue) that nodes poll to evict the token from their lookup
-- caches, when neither Redis nor PostgreSQL's LISTEN/NOTIFY carries them. A row is written in the
-- transaction that changes the token and holds its stored hash, never a plaintext; rows older
-- than a few minutes are deleted by the nodes.
create table ${table_prefix}token_changes (
    id          bigint auto_increment primary key,
    token_hash  varchar(128) not null,
    created_at  datetime(6) not null
) engine = InnoDB;
create index ${table_prefix}token_changes_time_idx on ${table_prefix}token_changes (created_at);
