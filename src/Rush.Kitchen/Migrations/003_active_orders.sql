-- Active orders: what the screens load (GET /api/v1/erp/orders/active) and what the wait quote
-- sums. A partial index holds only unfinished orders, so it stays small however many completed
-- orders the month's partition collects, and it returns them in screen order (slot, then age)
-- without a sort. Queries must spell out the same status list for the planner to use it.
create index if not exists orders_active on orders (target_slot_start, created_at)
    where status in ('pending', 'preparing', 'cooking', 'ready');
