-- Seat lists filter by status and page in id order (GET /api/seats?status=FREE): with id in the index,
-- a page is an index range read instead of a sort of the event's 100,000 seats. It covers the old
-- (event_id, status) index, which is dropped.
create index if not exists seats_event_status_id on seats (event_id, status, id);
drop index if exists seats_event_status;
