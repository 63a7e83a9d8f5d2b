-- Roles (issue 9): what a signed-in person may do. One role per user is enough because the
-- policies nest (an operator may do all a kitchen user may; see RushPolicies). Everybody who
-- existed before is a ticket buyer. Adding a column with a constant default is instant in PG 11+,
-- so this does not rewrite the 1M-row seed.
alter table users add column if not exists role text not null default 'customer';

alter table users drop constraint if exists users_role_known;
alter table users add constraint users_role_known check (role in ('customer', 'kitchen', 'operator'));
