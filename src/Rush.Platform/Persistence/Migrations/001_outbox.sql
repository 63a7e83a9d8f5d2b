-- Transactional outbox shared by every module: events are written in the same transaction as the
-- state change they describe, and the relay publishes them to the broker afterwards (at-least-once).
create table if not exists outbox (
    id            bigint generated always as identity primary key,
    topic         text        not null,
    message_key   text        not null,
    message_type  text        not null,
    message_id    uuid        not null,
    payload       bytea       not null,
    created_at    timestamptz not null default now(),
    sent_at       timestamptz
);

-- The relay only ever looks for unsent rows; a partial index keeps that scan tiny however large
-- the table grows between clean-ups.
create index if not exists outbox_unsent on outbox (id) where sent_at is null;
