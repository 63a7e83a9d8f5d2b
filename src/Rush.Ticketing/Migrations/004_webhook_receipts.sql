-- Webhooks are deduplicated on what the gateway signed: the SHA-256 of the raw body, which carries the
-- payment, its status and the signing timestamp. The X-Webhook-Delivery header is not signed, so a
-- replayer could change it at will; the table keyed on it is dropped. Receipts older than the accepted
-- signature age are useless (such a webhook is refused before deduplication) and are pruned.
drop table if exists webhook_deliveries;

create table if not exists webhook_receipts (
    body_sha256  bytea       primary key,
    payment_id   text        not null,
    status       text        not null,
    signed_at    timestamptz not null,
    received_at  timestamptz not null default now()
);

create index if not exists webhook_receipts_signed on webhook_receipts (signed_at);
