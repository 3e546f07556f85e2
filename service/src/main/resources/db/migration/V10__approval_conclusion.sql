-- The one judge's conclusion of an approval, stored when the decision that concludes it is recorded (or when the
-- request is withdrawn or expires): what was concluded, by whom, when. Any decision after it is refused with this.
alter table approval_task add column concluded_outcome varchar(20);
alter table approval_task add column concluded_by varchar(100);
alter table approval_task add column concluded_at timestamp with time zone;
