-- W3C trace context of the request that wrote the event: the relay sends it as the message's
-- traceparent header, so one trace follows an order across the broker. Null for rows written
-- before this column existed or with no trace running.
alter table outbox add column if not exists trace_parent text;
