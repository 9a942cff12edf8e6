-- Token quotas besides the per-minute rate: a number of requests per calendar day or month, or a
-- count of credits. quota_period is day, month or credits (null: no quota), quota_limit the
-- requests per period or the credits granted when the quota was set. quota_remaining holds the
-- credits left: each request takes one with a conditional update, so credits are exact across
-- nodes and survive restarts whichever rate-limit backend counts the calendar quotas.
alter table ${table_prefix}tokens add column quota_period varchar(16);
alter table ${table_prefix}tokens add column quota_limit bigint;
alter table ${table_prefix}tokens add column quota_remaining bigint;
