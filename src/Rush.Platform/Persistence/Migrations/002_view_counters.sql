-- View counters (menu items, events, ...): totals flushed from Redis (views:{kind}:{id}) every minute.
create table if not exists view_counters (
    kind        text   not null,
    item_id     text   not null,
    views       bigint not null check (views >= 0),
    updated_at  timestamptz not null default now(),
    primary key (kind, item_id)
);

-- One row per flush applied to view_counters, written in the same transaction as its counts: a flush
-- replayed after a crash (or by a second instance) finds its id here and adds nothing. Rows older
-- than any possible replay are pruned by the flusher.
create table if not exists view_counter_flushes (
    flush_id    uuid primary key,
    applied_at  timestamptz not null default now()
);

create index if not exists view_counter_flushes_applied_at on view_counter_flushes (applied_at);
