-- Idempotency keys belong to a client scope (issue 9 finding 7): two tills that both send
-- 'order-1' get two orders. Scope: 'client:{id}' (API key), 'user:{id}' (signed in) or 'anon'.
-- request_hash is the SHA-256 of the canonical request (OrderFingerprint), so a key reused for a
-- different order is refused (422 idempotency_key_reused) instead of answered with the first order.
-- Keys taken before this migration were global; they become 'anon' and keep no hash (any body
-- retried with them gets the first answer, as before).
alter table order_requests add column if not exists client_scope text not null default 'anon';
alter table order_requests add column if not exists request_hash text;
alter table order_requests drop constraint if exists order_requests_pkey;
alter table order_requests add primary key (client_scope, request_id);
