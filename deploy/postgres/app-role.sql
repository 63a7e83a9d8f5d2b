-- The application role of `./rush up` and its database (psql -v app_role=... -v app_password=... -v database=...,
-- run as a superuser against the `postgres` database). The role may log in and owns its database, so migrations
-- run as it; it is no superuser and cannot create databases or roles. Idempotent: a re-run resets the password
-- and the attributes.
SELECT format('CREATE ROLE %I', :'app_role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec
ALTER ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'app_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"app_role";
