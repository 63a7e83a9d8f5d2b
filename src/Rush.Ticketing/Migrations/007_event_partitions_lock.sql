-- Every host runs EventPartitionMaintainer when it starts, so hosts that start together call
-- ensure_event_partitions at the same moment. Its "to_regclass(name) is null, then create" is a check-then-act
-- race: two callers both see a partition missing and the second CREATE fails with 42P07 (seen in CI,
-- 2026-12-07). A transaction advisory lock serializes the callers; the second one then finds the partitions
-- the first one made. The lock is released when the calling statement's transaction ends.
create or replace function ensure_event_partitions(from_month date, to_month date) returns integer
language plpgsql as $$
declare
    m date := date_trunc('month', from_month)::date;
    created integer := 0;
    name text;
begin
    perform pg_advisory_xact_lock(hashtextextended('rush:event-partitions', 0));
    while m < to_month loop
        name := 'events_' || to_char(m, 'YYYY_MM');
        if to_regclass(name) is null then
            execute format('create table %I partition of events_archive for values from (%L) to (%L)',
                           name, m, (m + interval '1 month')::date);
            created := created + 1;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return created;
end $$;
