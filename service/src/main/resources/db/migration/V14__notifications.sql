-- Notifications (issue 13): one durable event mechanism, people's e-mail addresses, and what was sent to whom.

-- Spring Modulith's JDBC event publication registry (spring-modulith-events-jdbc 1.4, the columns of its own
-- schema-h2.sql / schema-postgresql.sql; its schema initialisation stays off so Flyway owns every table). A row is
-- written in the transaction that publishes an event, once per transactional listener, and completed when that
-- listener succeeds; incomplete ones are resubmitted on a schedule and at start. serialized_event is varchar, not
-- text, because H2 cannot compare large objects and the registry looks publications up by their serialised event.
create table event_publication (
    id               uuid          not null primary key,
    listener_id      varchar(512)  not null,
    event_type       varchar(512)  not null,
    serialized_event varchar(8000) not null,
    publication_date timestamp with time zone not null,
    completion_date  timestamp with time zone
);
create index ix_event_publication_completion on event_publication (completion_date);
create index ix_event_publication_listener on event_publication (listener_id);

-- Where a person is e-mailed: set in the directory (demo users get name@countersign.test), or from a verified OIDC
-- e-mail claim at sign-in. Also how a chat user is matched to a person.
alter table app_user add column email varchar(320);
create index ix_app_user_email on app_user (email);

-- One row per message to one recipient on one channel. dedup_key makes planning idempotent (a resubmitted event
-- plans nothing twice); state is QUEUED, SENT or FAILED (given up); the sender claims a row with a lease.
create table notification (
    id              varchar(36)   not null primary key,
    dedup_key       varchar(400)  not null,
    request_id      varchar(36)   not null references change_request (id),
    kind            varchar(40)   not null,
    channel         varchar(20)   not null,
    recipient       varchar(400)  not null,
    subject         varchar(500)  not null,
    body            text          not null,
    state           varchar(20)   not null,
    attempts        integer       not null default 0,
    next_attempt_at timestamp with time zone,
    claimed_until   timestamp with time zone,
    last_error      varchar(1000),
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone,
    constraint uq_notification_dedup unique (dedup_key)
);
create index ix_notification_created on notification (created_at);
create index ix_notification_request on notification (request_id);
