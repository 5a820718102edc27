-- 0005-payments.sql (SQLite) - money out of the fund (issue #4): payment
-- batches, payments with their receipts, start-up loans and their
-- schedule, recoveries.  The money itself is in the ledger (0004); these
-- rows name the postings.  Mirrors the other engine column for column.
-- Design: docs/internals/payments.md.

-- A payment batch (资金拨发, §3 step 11): the cases of one committee's
-- subtree paid together; its postings carry batch_ref 'pay-<id>'.
CREATE TABLE pay_batches (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	payer TEXT NOT NULL CHECK (payer IN ('department', 'committee')),
	value_date TEXT NOT NULL,
	method TEXT NOT NULL CHECK (method IN ('cash', 'bank')),
	memo TEXT NOT NULL DEFAULT '',
	policy_version INTEGER NOT NULL,
	total INTEGER NOT NULL CHECK (total >= 0),
	count INTEGER NOT NULL CHECK (count >= 0),
	lines_json TEXT NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX pay_batches_org ON pay_batches(org_id);

-- One payment per case (a case is paid once): the member's money, its
-- shares between levels (JSON: level, org_id, amount, posting_id) and the
-- receipt (签收), recorded once.
CREATE TABLE payments (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES pay_batches(id),
	case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	pay_first INTEGER NOT NULL DEFAULT 0,
	value_date TEXT NOT NULL,
	shares_json TEXT NOT NULL,
	receipt_on TEXT,
	receipt_method TEXT CHECK (receipt_method IN ('cash', 'bank')),
	handed_by TEXT NOT NULL DEFAULT '',
	signed_by TEXT CHECK (signed_by IN ('signature', 'thumbprint')),
	receipt_note TEXT NOT NULL DEFAULT '',
	receipt_attachment_id INTEGER REFERENCES attachments(id),
	receipt_by INTEGER NOT NULL DEFAULT 0,
	receipt_at INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX payments_batch ON payments(batch_id);
CREATE INDEX payments_member ON payments(member_id);

-- Start-up loans (§4) and their monthly schedule.
CREATE TABLE loans (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	case_id INTEGER REFERENCES cases(id),
	principal INTEGER NOT NULL CHECK (principal > 0),
	rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 2000),
	months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 120),
	start_on TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'repaid')),
	repaid_principal INTEGER NOT NULL DEFAULT 0,
	repaid_interest INTEGER NOT NULL DEFAULT 0,
	posting_id INTEGER NOT NULL REFERENCES ledger_postings(id),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX loans_member ON loans(member_id);
CREATE TABLE loan_instalments (
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	no INTEGER NOT NULL CHECK (no > 0),
	due_on TEXT NOT NULL,
	principal INTEGER NOT NULL CHECK (principal >= 0),
	interest INTEGER NOT NULL CHECK (interest >= 0),
	paid_principal INTEGER NOT NULL DEFAULT 0,
	paid_interest INTEGER NOT NULL DEFAULT 0,
	paid_on TEXT,
	PRIMARY KEY (loan_id, no)
);
CREATE INDEX loan_instalments_due ON loan_instalments(due_on) WHERE paid_on IS NULL;
CREATE TABLE loan_repayments (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	principal INTEGER NOT NULL,
	interest INTEGER NOT NULL,
	paid_on TEXT NOT NULL,
	posting_id INTEGER NOT NULL REFERENCES ledger_postings(id),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

-- Recovery (追回, §3 step 12): an amount owed fixed by a verification
-- finding, linked to the payments it concerns; repayments reduce it; a
-- write-off is the department's, with a reason.
CREATE TABLE recoveries (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	member_id INTEGER NOT NULL REFERENCES members(id),
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	fund_id INTEGER NOT NULL REFERENCES funds(id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	repaid INTEGER NOT NULL DEFAULT 0,
	written_off INTEGER NOT NULL DEFAULT 0,
	found_on TEXT NOT NULL,
	finding TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'settled', 'written_off')),
	write_off_reason TEXT NOT NULL DEFAULT '',
	write_off_by INTEGER NOT NULL DEFAULT 0,
	posting_id INTEGER NOT NULL REFERENCES ledger_postings(id),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	CHECK (repaid + written_off <= amount)
);
CREATE INDEX recoveries_case ON recoveries(case_id);
CREATE TABLE recovery_payments (
	recovery_id INTEGER NOT NULL REFERENCES recoveries(id),
	payment_id INTEGER NOT NULL REFERENCES payments(id),
	PRIMARY KEY (recovery_id, payment_id)
);
CREATE TABLE recovery_events (
	id INTEGER PRIMARY KEY,
	recovery_id INTEGER NOT NULL REFERENCES recoveries(id),
	kind TEXT NOT NULL CHECK (kind IN ('repayment', 'write_off')),
	amount INTEGER NOT NULL CHECK (amount > 0),
	on_date TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	posting_id INTEGER NOT NULL REFERENCES ledger_postings(id),
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
