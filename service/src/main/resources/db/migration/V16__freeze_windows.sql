-- Change-freeze windows (issue 14). A window is one-off (starts_at, ends_at) or recurring (an RFC 5545 rrule from
-- first_start, a local date-time in time_zone, each occurrence lasting duration on that wall clock), never both.
-- environments, services and regions are comma-separated names (validated to contain no commas); empty services or
-- regions mean all. Deleting a window removes the row; the audit log keeps what it was (FREEZE_WINDOW_DELETED).
create table freeze_window (
    id           varchar(36)   not null primary key,
    name         varchar(200)  not null,
    reason       varchar(2000) not null,
    starts_at    timestamp with time zone,
    ends_at      timestamp with time zone,
    rrule        varchar(1000),
    first_start  varchar(40),
    duration     varchar(40),
    time_zone    varchar(100)  not null,
    environments varchar(4000) not null,
    services     varchar(4000) not null,
    regions      varchar(4000) not null,
    created_by   varchar(100)  not null,
    created_at   timestamp with time zone not null,
    constraint ck_freeze_window_kind check ((starts_at is not null and ends_at is not null and rrule is null)
        or (starts_at is null and ends_at is null and rrule is not null and first_start is not null
            and duration is not null))
);
