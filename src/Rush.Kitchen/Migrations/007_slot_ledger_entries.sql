-- Every order's ledger entry carries its slot and the demand it charged (follow-up of 006). Two gaps:
-- 1. The cancel trigger recomputed an order's demand from its price and make-minutes: a second copy of
--    SlotCapacityRule in SQL that a new capacity dimension would silently miss. Now the commit and the
--    fallback claim store the demand they charged (computed by SlotCapacityRule in C#) with the
--    order's display-id row, and a cancellation gives back exactly that.
-- 2. Orders committed before 006 had no display-id rows, so a fallback claim could hand out a display
--    id one of them still showed that day. Their ids are recorded now.

alter table slot_display_ids add column if not exists slot_start bigint, add column if not exists demand bigint[];

-- Entries written since 006, under the rule of that time: price in minor units, make-minutes.
update slot_display_ids x set slot_start = o.target_slot_id,
                              demand = array[round(o.total_price * 100)::bigint, o.make_minutes::bigint]
from orders o
where o.id = x.order_id and x.demand is null;
update slot_display_ids x set slot_start = c.slot_start, demand = c.demand
from slot_claims c
where c.order_id = x.order_id and x.demand is null;

-- Orders from before 006 in slots still open. Their kitchen day is the slot's local date, and SQL does
-- not know the kitchen's time zone; every zone's local date is the UTC date or a day either side, so
-- the id is recorded on all three: no fallback claim reuses it, whichever day the kitchen meant.
insert into slot_display_ids (day, display_id, order_id, slot_start, demand)
select (o.target_slot_start at time zone 'UTC')::date + d.shift, o.display_id, o.id, o.target_slot_id,
       array[round(o.total_price * 100)::bigint, o.make_minutes::bigint]
from orders o
cross join (values (-1), (0), (1)) as d(shift)
where o.status <> 'cancelled' and o.target_slot_start > now() - interval '1 day'
  and not exists (select 1 from slot_display_ids x where x.order_id = o.id)
on conflict do nothing;

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
        insert into slot_display_ids (day, display_id, order_id, slot_start, demand)
            values (days[i], display_ids[i], order_ids[i], slot_starts[i], demand)
            on conflict do nothing;
        if not found and not exists (select 1 from slot_display_ids x
                                     where x.day = days[i] and x.display_id = display_ids[i] and x.order_id = order_ids[i]) then
            raise exception 'display id % of % is taken on %', display_ids[i], order_ids[i], days[i] using errcode = 'RK002';
        end if;
    end loop;
end $$;

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
                insert into slot_display_ids (day, display_id, order_id, slot_start, demand)
                    values (p_day, candidate, p_order, p_starts[i], p_demand) on conflict do nothing;
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

-- A cancelled order gives back the demand its entry records, and its display id. The entry's day is
-- the slot's local date, one of the three days around its UTC date: `= any` keeps the primary-key lookup.
create or replace function slot_ledger_on_cancel() returns trigger
language plpgsql as $$
declare
    utc_day date := (new.target_slot_start at time zone 'UTC')::date;
begin
    with gone as (
        delete from slot_display_ids x
        where x.day = any (array[utc_day - 1, utc_day, utc_day + 1]) and x.display_id = new.display_id and x.order_id = new.id
        returning x.slot_start, x.demand
    )
    update slot_ledger l set load = slot_add(l.load, g.demand, -1)
    from (select distinct slot_start, demand from gone where demand is not null) g
    where l.slot_start = g.slot_start;
    return null;
end $$;
