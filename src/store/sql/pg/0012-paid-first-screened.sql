-- 0012-paid-first-screened.sql (PostgreSQL) - paid-first (先发后补)
-- emergencies screened under the old rule (issue #10).  The money of such a
-- case went out before its screening; the old rule left it "screened" after
-- passing, waiting for a batch of nothing, where the new rule makes it
-- "paid" as it passes.  Each such case (state screened, pay_first, with its
-- payment) is moved to paid, its version counted up, with one timeline row
-- saying so: event pay, screened -> paid, the payment and its amount in the
-- detail as the payment's own row has them.  Its deadline stays: the new
-- rule would have counted the department's verification from the same
-- screening day with the same days.  Mirrors
-- sql/sqlite/0012-paid-first-screened.sql.

INSERT INTO case_events (case_id, at, user_id, username, role, event, from_state, to_state,
		policy_version, reason, detail, opinion, taken_on)
	SELECT c.id, extract(epoch FROM now())::bigint, NULL, '', '', 'pay', 'screened',
		'paid', NULLIF(c.policy_version, 0),
		'先发后补：资金已先行发放，筛查通过即为已发放（系统升级补记）',
		'{"payment_id":' || p.id || ',"amount":' || p.amount || '}', '',
		to_char(now(), 'YYYY-MM-DD')
	FROM cases c JOIN payments p ON p.case_id = c.id
	WHERE c.state = 'screened' AND c.pay_first = 1
	ORDER BY c.id;

UPDATE cases SET state = 'paid', version = version + 1,
		updated_at = extract(epoch FROM now())::bigint
	WHERE state = 'screened' AND pay_first = 1
		AND EXISTS (SELECT 1 FROM payments p WHERE p.case_id = cases.id);
