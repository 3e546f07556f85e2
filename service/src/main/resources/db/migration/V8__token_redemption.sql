-- An approval token is spent before the run (redeem), not after it: the redemption names the execution it starts,
-- and the execution report closes that execution once. A token nobody redeemed yet can be revoked (the plan was
-- withdrawn); verify and redeem then refuse it with the reason.
alter table approval_token add column execution_id varchar(36);
alter table approval_token add column reported_at timestamp with time zone;
alter table approval_token add column revoked_at timestamp with time zone;
alter table approval_token add column revocation_reason varchar(1200);
