-- 0007: the audit log and the fund ledgers are keyed (docs/internals/ledger.md,
-- "Keys and anchors").  Every row written from now on carries mac, the
-- HMAC-SM3 of its seq and hash under the chain key derived from the key
-- file.  Rows already there keep their SM3 chain only: legacy_seq records
-- how many there were, and legacy_mac (set once by `bangfu audit seal`
-- with the key) the MAC of the last of them, which covers them all.
ALTER TABLE audit_log ADD COLUMN mac TEXT;
ALTER TABLE audit_head ADD COLUMN legacy_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN legacy_mac TEXT;
UPDATE audit_head SET legacy_seq = seq;

ALTER TABLE ledger_postings ADD COLUMN mac TEXT;
ALTER TABLE funds ADD COLUMN legacy_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE funds ADD COLUMN legacy_mac TEXT;
UPDATE funds SET legacy_seq = last_seq;
