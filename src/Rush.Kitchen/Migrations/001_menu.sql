-- The kitchen's menu: pizzas (with what the cook needs: ingredients with dosages, make time,
-- station) and extras a customer may add to any pizza.
create table if not exists menu_pizzas (
    id            text primary key,
    name          text not null unique,
    price         numeric(12, 2) not null check (price >= 0),
    make_minutes  int not null check (make_minutes between 1 and 240),
    station       text not null,
    ingredients   jsonb not null default '[]',
    available     boolean not null default true,
    updated_at    timestamptz not null default now()
);

create table if not exists menu_extras (
    id          text primary key,
    name        text not null unique,
    price       numeric(12, 2) not null check (price >= 0),
    available   boolean not null default true,
    updated_at  timestamptz not null default now()
);
