-- Installs from before the application role (the host migrated as `postgres`): hands every object of the
-- application database to the role (psql -v app_role=..., run as a superuser against that database), so later
-- migrations can ALTER tables and replace functions. REASSIGN OWNED cannot do it: it refuses objects of the
-- bootstrap superuser. Idempotent; with nothing to hand over it only reads the catalog.
SET rush.app_role = :'app_role';
DO $$
DECLARE
    app text := current_setting('rush.app_role');
    r record;
BEGIN
    FOR r IN
        SELECT n.nspname FROM pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND n.nspname NOT LIKE 'pg\_%'
          AND pg_get_userbyid(n.nspowner) <> app
    LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, app);
    END LOOP;

    -- Tables (partitions included), views and sequences; indexes and identity/serial sequences follow their table.
    FOR r IN
        SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND pg_get_userbyid(c.relowner) <> app
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', r.rel, app);
    END LOOP;

    FOR r IN
        SELECT p.oid::regprocedure AS routine FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND pg_get_userbyid(p.proowner) <> app
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.routine, app);
    END LOOP;
END $$;
