-- Slot ledger (issue 12 item 5): Postgres' own account of kitchen slot capacity, so intake can keep
-- deciding slots while Redis is away, and no slot is over capacity across the switch and back.
--
-- Written on EVERY order, not only in fallback: the group commit (OrderStore) charges each order
-- Redis placed with slot_ledger_commit() in the same transaction as the order, and that charge
-- is conditional on the slot's limit. So the ledger always equals the committed load, a Redis
-- that lost writes can never push a slot over capacity in Postgres, and the switch to fallback
-- needs no resync from Redis (which is away by then). Cost: one statement per commit batch.
--
-- Loads and limits are arrays with one entry per capacity dimension, in the order of
-- SlotCapacityRule.Dimensions (price in minor units, make-minutes): a new dimension needs no
-- migration. Slot ids are the seed's (unix seconds of the slot start).
create table if not exists slot_ledger (
    slot_start bigint primary key,
    load       bigint[] not null
);

-- Capacity claimed in fallback for an order not yet known to be committed (Redis' pending
-- reservations, in Postgres). SlotLedgerReaper deletes a claim once its order is committed, or
-- gives the capacity and display id back when the order never was.
create table if not exists slot_claims (
    order_id    uuid primary key,
    slot_start  bigint not null,
    demand      bigint[] not null,
    display_day date not null,
    display_id  text not null,
    deadline    timestamptz not null
);

-- Display ids taken per kitchen day, for orders of both modes (the commit records Redis' choices),
-- so a fallback id never collides with one Redis gave out that day.
create table if not exists slot_display_ids (
    day        date not null,
    display_id text not null,
    order_id   uuid not null,
    primary key (day, display_id)
);

create or replace function slot_fits(load bigint[], demand bigint[], lim bigint[]) returns boolean
language sql immutable as $$
    select not exists (select 1 from unnest(load, demand, lim) as t(l, d, m) where l + d > m)
$$;

create or replace function slot_add(load bigint[], demand bigint[], sign int) returns bigint[]
language sql immutable as $$
    select array_agg(l + sign * d order by i) from unnest(load, demand) with ordinality as t(l, d, i)
$$;

-- Charges committed orders (called by the group commit, inside its transaction). Per order: its
-- demand is added to its slot only if it fits the limit; an order whose capacity was claimed in
-- fallback (a slot_claims row) is charged already. Raises RK001 (slot full) or RK002 (display id
-- taken that day by another order), which rolls the batch back; the writer then commits one by one.
-- Slots are locked in ascending order (as slot_ledger_claim walks them) so writers do not deadlock.
-- demands/limits are flat: dims values per order.
create or replace function slot_ledger_commit(order_ids uuid[], slot_starts bigint[], days date[], display_ids text[],
                                              demands bigint[], limits bigint[], dims int) returns void
language plpgsql as $$
declare
    i int;
    demand bigint[];
begin
    for i in select t.i from unnest(slot_starts) with ordinality as t(s, i) order by t.s, t.i loop
        continue when exists (select 1 from slot_claims c where c.order_id = order_ids[i]);
        demand := demands[(i - 1) * dims + 1 : i * dims];
        insert into slot_ledger (slot_start, load) values (slot_starts[i], array_fill(0::bigint, array[dims]))
            on conflict do nothing;
        update slot_ledger set load = slot_add(load, demand, 1)
            where slot_start = slot_starts[i] and slot_fits(load, demand, limits[(i - 1) * dims + 1 : i * dims]);
        if not found then
            raise exception 'slot % has no room for order %', slot_starts[i], order_ids[i] using errcode = 'RK001';
        end if;
        insert into slot_display_ids (day, display_id, order_id) values (days[i], display_ids[i], order_ids[i])
            on conflict do nothing;
        if not found and not exists (select 1 from slot_display_ids x
                                     where x.day = days[i] and x.display_id = display_ids[i] and x.order_id = order_ids[i]) then
            raise exception 'display id % of % is taken on %', display_ids[i], order_ids[i], days[i] using errcode = 'RK002';
        end if;
    end loop;
end $$;

-- Fallback: claims capacity in the first candidate slot with room (the next-slot walk of
-- slot-reserve.lua) and a display id unique that day (last 4 hex chars of the id, growing by one
-- char while taken), in one transaction. The conditional UPDATE is the guard: concurrent claims
-- on one slot queue on its row and each re-checks the load it finds. A retried order id gets its
-- existing claim. Returns no row when every candidate is full.
create or replace function slot_ledger_claim(p_order uuid, p_starts bigint[], p_limits bigint[], p_demand bigint[],
                                             p_day date, p_tail text, p_deadline timestamptz)
returns table (slot_start bigint, display_id text)
language plpgsql as $$
#variable_conflict use_column
declare
    dims int := array_length(p_demand, 1);
    i int;
    len int;
    candidate text;
begin
    return query select c.slot_start, c.display_id from slot_claims c where c.order_id = p_order;
    if found then
        return;
    end if;
    for i in 1 .. coalesce(array_length(p_starts, 1), 0) loop
        insert into slot_ledger as l (slot_start, load) values (p_starts[i], array_fill(0::bigint, array[dims]))
            on conflict do nothing;
        update slot_ledger as l set load = slot_add(l.load, p_demand, 1)
            where l.slot_start = p_starts[i] and slot_fits(l.load, p_demand, p_limits[(i - 1) * dims + 1 : i * dims]);
        if found then
            for len in 4 .. 12 loop
                candidate := right(p_tail, len);
                insert into slot_display_ids (day, display_id, order_id) values (p_day, candidate, p_order) on conflict do nothing;
                if found then
                    insert into slot_claims values (p_order, p_starts[i], p_demand, p_day, candidate, p_deadline);
                    slot_start := p_starts[i];
                    display_id := candidate;
                    return next;
                    return;
                end if;
            end loop;
            raise exception 'display id space exhausted for %', p_order;
        end if;
    end loop;
end $$;

-- Gives back a fallback claim whose order was not stored: capacity and display id. Idempotent.
create or replace function slot_ledger_release(p_order uuid) returns boolean
language plpgsql as $$
declare
    c slot_claims;
begin
    delete from slot_claims where order_id = p_order returning * into c;
    if not found then
        return false;
    end if;
    update slot_ledger set load = slot_add(load, c.demand, -1) where slot_start = c.slot_start;
    delete from slot_display_ids where day = c.display_day and display_id = c.display_id and order_id = p_order;
    return true;
end $$;

-- A cancelled order gives its capacity and display id back, as slot-release.lua does in Redis
-- (OrderWorkflow); in the transaction of the cancellation itself, so no mode can miss it.
create or replace function slot_ledger_on_cancel() returns trigger
language plpgsql as $$
begin
    update slot_ledger set load = slot_add(load, array[round(new.total_price * 100)::bigint, new.make_minutes::bigint], -1)
        where slot_start = new.target_slot_id;
    delete from slot_display_ids where display_id = new.display_id and order_id = new.id;
    return null;
end $$;

drop trigger if exists orders_slot_ledger_cancel on orders;
create trigger orders_slot_ledger_cancel after update of status on orders
    for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
    execute function slot_ledger_on_cancel();

-- Orders committed before this migration: their open slots start with the load they hold.
insert into slot_ledger (slot_start, load)
select target_slot_id, array[sum(round(total_price * 100))::bigint, sum(make_minutes)::bigint]
from orders
where status <> 'cancelled' and target_slot_start > now() - interval '1 day'
group by target_slot_id
on conflict do nothing;
