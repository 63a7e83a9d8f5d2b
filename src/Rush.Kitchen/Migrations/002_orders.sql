-- Orders: the source of truth. Range-partitioned by month on created_at (seed 001,
-- "Партиционирование"); partitions are created ahead by ensure_order_partitions(), called here and
-- daily by OrderPartitionMaintainer. The default partition only exists so an insert can never fail
-- for lack of a partition.
create table if not exists orders (
    id                  uuid not null,
    created_at          timestamptz not null,
    display_id          text not null,
    customer_id         bigint not null,
    customer_first_name text not null,
    customer_last_name  text not null,
    customer_phone      text not null,
    is_pickup           boolean not null,
    delivery_address    text,
    items               jsonb not null,
    total_price         numeric(12, 2) not null,
    make_minutes        int not null,
    status              text not null,
    version             int not null,
    target_slot_id      bigint not null,
    target_slot_start   timestamptz not null,
    visible_at          timestamptz not null,
    request_id          text,
    primary key (id, created_at)
) partition by range (created_at);

create index if not exists orders_status_created on orders (status, created_at);

create table if not exists orders_default partition of orders default;

create or replace function ensure_order_partitions(months_ahead int) returns void
language plpgsql as $$
declare
    m date := date_trunc('month', now() - interval '1 month')::date;
    name text;
begin
    for i in 0..months_ahead + 1 loop
        name := format('orders_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
        if to_regclass(name) is null then
            execute format('create table %I partition of orders for values from (%L) to (%L)',
                           name, m, (m + interval '1 month')::date);
        end if;
        m := (m + interval '1 month')::date;
    end loop;
end $$;

select ensure_order_partitions(3);

-- Idempotency keys (REST Idempotency-Key, gRPC request_id). Not on orders itself: a unique
-- constraint on a partitioned table must include the partition key, which a retry cannot know.
create table if not exists order_requests (
    request_id  text primary key,
    order_id    uuid not null,
    created_at  timestamptz not null default now()
);
