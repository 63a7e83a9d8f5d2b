-- Events (seed 002): one table range-partitioned by month of event_date, so the billions of past
-- events the design must hold live in partitions that queries for current events never touch.
-- events_current is a view over the last 3 months and the future; its date predicate lets Postgres
-- prune partitions at execution time. A partitioned table's unique keys must contain the partition
-- key, so the primary key is (id, event_date) and ids come from one sequence (unique in practice);
-- seats refer to an event by id without a foreign key for the same reason.
create sequence if not exists events_id_seq;

create table if not exists events_archive (
    id          bigint      not null default nextval('events_id_seq'),
    title       text        not null,
    description text        not null default '',
    type        text        not null,
    provider    text        not null,
    venue       text        not null default '',
    city        text        not null default '',
    event_date  timestamptz not null,
    created_at  timestamptz not null default now(),
    -- Full-text search in both languages of the catalogue; titles weigh more than descriptions.
    search      tsvector generated always as (
                    setweight(to_tsvector('russian'::regconfig, title), 'A') ||
                    setweight(to_tsvector('english'::regconfig, title), 'A') ||
                    setweight(to_tsvector('russian'::regconfig, description), 'B') ||
                    setweight(to_tsvector('english'::regconfig, description), 'B')) stored,
    primary key (id, event_date)
) partition by range (event_date);

alter sequence events_id_seq owned by events_archive.id;

-- Monthly partitions for [from, to); more are added ahead of time by EventPartitionMaintainer.
create or replace function ensure_event_partitions(from_month date, to_month date) returns integer
language plpgsql as $$
declare
    m date := date_trunc('month', from_month)::date;
    created integer := 0;
    name text;
begin
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

select ensure_event_partitions(date '2015-01-01', (date_trunc('month', now()) + interval '25 months')::date);
create table if not exists events_default partition of events_archive default;

create index if not exists events_date on events_archive (event_date);
create index if not exists events_type_date on events_archive (type, event_date);
create index if not exists events_provider_date on events_archive (provider, event_date);
create index if not exists events_id on events_archive (id);
create index if not exists events_search on events_archive using gin (search);

create or replace view events_current as
    select * from events_archive where event_date >= now() - interval '3 months';
