-- Derived keys and timed group revocations. Revoking a key walks its children by parent_id, which
-- InnoDB already indexes for the tokens_parent_fk foreign key. A timed revocation waits here until
-- its instant: the token rows stay as they are (the keys keep working), and the node that moves the
-- row from pending to done, in the transaction that revokes the keys, is the only one that runs it.
create table ${table_prefix}timed_revocations (
    id            bigint auto_increment primary key,
    group_id      bigint not null,
    types         varchar(512),
    environments  varchar(64),
    revoke_at     datetime(6) not null,
    reason        varchar(255),
    state         varchar(16) not null,
    created_at    datetime(6) not null,
    completed_at  datetime(6),
    constraint ${table_prefix}timed_revocations_group_fk foreign key (group_id) references ${table_prefix}token_groups (id) on delete cascade
) engine = InnoDB;
create index ${table_prefix}timed_revocations_due_idx on ${table_prefix}timed_revocations (state, revoke_at);
