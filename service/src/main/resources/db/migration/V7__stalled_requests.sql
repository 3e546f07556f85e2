-- A request the workflow can no longer move: a job the service refused for good (a failed check, a job that is not
-- ours), so the engine holds it at an incident. One open row per request at most; an admin's retry or close resolves it.
create table stalled_request (
    id                   varchar(36)   not null primary key,
    request_id           varchar(36)   not null references change_request (id),
    process_instance_key bigint,
    job_key              bigint,
    step                 varchar(100)  not null,
    reason               varchar(2000) not null,
    stalled_at           timestamp with time zone not null,
    resolved_at          timestamp with time zone,
    resolution           varchar(20),
    resolved_by          varchar(200)
);
create index ix_stalled_request_request on stalled_request (request_id, resolved_at);
