-- Issue 11, item 2 (domain types).

-- No operation of kind 'rotate' was ever written: credentials are rotated by the rotation sweep
-- directly, not through an operation, and the engine has no such kind. The CHECK now lists exactly
-- the kinds of io.envprov.provisioner.OperationKind (DomainTypesAgreementTest holds the enum, this
-- constraint and the OpenAPI enum together).
ALTER TABLE operation
  DROP CONSTRAINT operation_kind,
  ADD CONSTRAINT operation_kind CHECK (kind IN ('provision', 'deprovision', 'copy'));
