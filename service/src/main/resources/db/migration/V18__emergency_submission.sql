-- An emergency asked for on submit (issue 14): the person in the break-glass group who submitted the plan with an
-- "emergency" object, why, and what became of it. ASKED until the workflow has classified the plan; then APPLIED
-- (glass broken, see break_glass), REFUSED (a policy DENIED or the break-glass rules said no; note says why) or
-- NOT_NEEDED (a LOW plan, approved by the policy without anyone breaking glass).
create table emergency_submission (
    request_id   varchar(36)   not null primary key references change_request (id),
    invoked_by   varchar(100)  not null,
    reason       varchar(2000) not null,
    incident_ref varchar(200)  not null,
    asked_at     timestamp with time zone not null,
    state        varchar(20)   not null,
    note         varchar(2000)
);
