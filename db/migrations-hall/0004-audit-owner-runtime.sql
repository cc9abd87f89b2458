-- Hall 0004 (issue 22, finding 16): the database guards its audit from the program.
-- A hall runs with two database roles: the owner (runs these migrations, owns every table)
-- and a runtime role the hall server connects as, granted by `yibao hall setup`
-- (src/store/pg/roles.ts) SELECT, INSERT, UPDATE and DELETE on the tables it works with but
-- only SELECT on policy_audit, and neither ownership nor TRIGGER or TRUNCATE anywhere. It can
-- therefore neither disable the append-only triggers (ALTER TABLE needs ownership) nor insert,
-- change or delete an audit row itself.
--
-- The one way an audit row is written is the audit trigger of policy_value and policy_document
-- (policy_audit_record, from store 0004): it now runs with its owner's rights (SECURITY
-- DEFINER), so the runtime role's change of a policy row still leaves its audit row, whose
-- chain policy_audit_chain computes (under the chain's lock, as before). Its search path is
-- fixed to this schema with pg_temp last, so no table or function a caller creates (a
-- temporary table named policy_audit) can stand in for the real ones.
ALTER FUNCTION policy_audit_record() SECURITY DEFINER;
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION policy_audit_record() SET search_path = %I, pg_temp', current_schema());
END $$;
