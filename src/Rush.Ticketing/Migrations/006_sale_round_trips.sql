-- The two transitions every sold seat goes through, each as ONE round trip (README, "On-sale rush
-- performance"): going to payment (created -> pending_payment, seats FREE ->
-- RESERVED) and being paid (pending_payment -> paid, seats RESERVED -> SOLD). They were 7 and 5
-- round trips from C#; on a 2-core machine shared with Postgres, each round trip is two context switches
-- and a wake-up, and the flash sale makes 25,000 of each. The statements, their order and their locks are
-- those BookingTransitions ran: the booking row first (for update), then the seats in id order (so two
-- bookings racing for overlapping seats cannot deadlock); a plpgsql statement takes a fresh snapshot, so each
-- check sees what the previous lock waited for, exactly as separate statements did.

-- created -> pending_payment: every held seat becomes RESERVED for the booking only if all of them are still
-- FREE (the final word against double sales); otherwise nothing changes and the seats not FREE come back in
-- taken. Returns the booking's status afterwards (null: no booking), whether this call reserved, and then the
-- amount and the payment row's gateway ids (null until the gateway answered an init).
create or replace function ticketing_reserve(p_booking bigint, p_seats bigint[], p_event bigint, p_order_id text,
                                             p_now timestamptz, p_pay_by timestamptz)
returns table (status text, reserved boolean, taken bigint[], amount numeric, payment_id text, payment_url text)
language plpgsql as $$
#variable_conflict use_column
declare
    v_status text;
    v_taken bigint[];
    v_amount numeric;
    v_payment_id text;
    v_payment_url text;
begin
    select b.status into v_status from bookings b where b.id = p_booking for update;
    if v_status is distinct from 'created' then
        return query select v_status, false, '{}'::bigint[], 0::numeric, null::text, null::text;
        return;
    end if;

    perform 1 from seats s where s.id = any(p_seats) and s.event_id = p_event order by s.id for update;
    select coalesce(array_agg(x order by x), '{}') into v_taken
    from unnest(p_seats) x
    where not exists (select 1 from seats s where s.id = x and s.event_id = p_event and s.status = 'FREE');
    if cardinality(v_taken) > 0 then
        return query select v_status, false, v_taken, 0::numeric, null::text, null::text;
        return;
    end if;

    with reserved as (
        update seats s set status = 'RESERVED', booking_id = p_booking, updated_at = p_now
        where s.id = any(p_seats) and s.event_id = p_event and s.status = 'FREE'
        returning s.id, s.price
    ), kept as (
        insert into booking_seats (booking_id, seat_id, price) select p_booking, r.id, r.price from reserved r
        on conflict do nothing
    )
    select sum(r.price) into v_amount from reserved r;

    update bookings set status = 'pending_payment', amount = v_amount, expires_at = p_pay_by, updated_at = p_now where id = p_booking;
    insert into payment_transactions as p (booking_id, order_id, amount, created_at, updated_at)
    values (p_booking, p_order_id, v_amount, p_now, p_now)
    on conflict (order_id) do update set amount = excluded.amount, status = 'pending', updated_at = excluded.updated_at
    returning p.payment_id, p.payment_url into v_payment_id, v_payment_url;
    return query select 'pending_payment'::text, true, '{}'::bigint[], v_amount, v_payment_id, v_payment_url;
end $$;

-- pending_payment -> paid, the common case of a confirmed payment; was = the booking's status before (null: no
-- booking). Any other state (already paid, lapsed, cancelled) changes nothing here, for
-- BookingTransitions.SettlePaidAsync to handle as before (late payments, refunds).
create or replace function ticketing_settle_pending(p_booking bigint, p_gateway_status text, p_now timestamptz)
returns table (was text, cancel_reason text, event_id bigint, sold bigint[])
language plpgsql as $$
#variable_conflict use_column
declare
    v_status text;
    v_reason text;
    v_event bigint;
    v_sold bigint[];
begin
    select b.status, b.cancel_reason, b.event_id into v_status, v_reason, v_event from bookings b where b.id = p_booking for update;
    if v_status is distinct from 'pending_payment' then
        return query select v_status, v_reason, v_event, '{}'::bigint[];
        return;
    end if;

    with sold as (
        update seats s set status = 'SOLD', updated_at = p_now where s.booking_id = p_booking and s.status = 'RESERVED' returning s.id
    )
    select coalesce(array_agg(id order by id), '{}') into v_sold from sold;
    update bookings set status = 'paid', cancel_reason = null, updated_at = p_now where id = p_booking;
    update payment_transactions set status = 'completed', gateway_status = p_gateway_status, updated_at = p_now
    where booking_id = p_booking and payment_transactions.status <> 'refunded';
    return query select 'pending_payment'::text, null::text, v_event, v_sold;
end $$;

-- Creating a booking counts the user's open bookings (at most 10): this index reads only those, where
-- bookings_user read every booking the user ever made (hundreds for a flash-sale buyer).
create index if not exists bookings_user_open on bookings (user_id) where status in ('created', 'pending_payment');
