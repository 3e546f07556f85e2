-- Break-glass (issue 14): one person approves a plan at once in an emergency; two other people must review it
-- afterwards. One row per request that broke glass; review_outcome stays null until the review is complete
-- (ACCEPTED, or FLAGGED when any reviewer flagged it). escalated_at is set when the review became overdue.
create table break_glass (
    request_id      varchar(36)   not null primary key references change_request (id),
    invoked_by      varchar(100)  not null,
    reason          varchar(2000) not null,
    incident_ref    varchar(200)  not null,
    invoked_at      timestamp with time zone not null,
    review_due_at   timestamp with time zone not null,
    owning_group    varchar(100)  not null,
    sre_group       varchar(100)  not null,
    review_outcome  varchar(20),
    reviewed_at     timestamp with time zone,
    escalated_at    timestamp with time zone
);
create index ix_break_glass_invoker on break_glass (invoked_by, review_outcome);

-- One review per reviewer (review_group: the group the review counts for); the service's aggregate decides who may review (two distinct people, neither the invoker
-- nor the requesting side, one from the owning team and one from SRE).
create table break_glass_review (
    request_id   varchar(36)   not null references break_glass (request_id),
    reviewer     varchar(100)  not null,
    review_group varchar(100)  not null,
    outcome      varchar(20)   not null,
    comment      varchar(4000) not null,
    reviewed_at  timestamp with time zone not null,
    primary key (request_id, reviewer)
);
