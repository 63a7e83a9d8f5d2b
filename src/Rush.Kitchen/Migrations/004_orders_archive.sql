-- Archive (seed 001, "Персистентность данных"): completed and cancelled orders older than a year
-- leave the hot partitioned table for orders_archive, which can later move to cold storage.
-- Moved in bounded batches so a first run over years of data does not hold one huge transaction.
create table if not exists orders_archive (like orders including defaults);
alter table orders_archive add column if not exists archived_at timestamptz not null default now();
create index if not exists orders_archive_id on orders_archive (id);
create index if not exists orders_archive_created on orders_archive (created_at);

create or replace function archive_finished_orders(older_than timestamptz, batch int) returns int
language plpgsql as $$
declare moved int;
begin
    with gone as (
        delete from orders o
        using (select id, created_at from orders
               where status in ('completed', 'cancelled') and created_at < older_than
               limit batch) victims
        where o.id = victims.id and o.created_at = victims.created_at
        returning o.*)
    insert into orders_archive select gone.*, now() from gone;
    get diagnostics moved = row_count;
    return moved;
end $$;
