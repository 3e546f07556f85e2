-- Webhook callbacks on decision. An agent token gets a secret that signs its callbacks, sealed under the master
-- secret (NULL for tokens created before webhooks existed: they cannot ask for callbacks).
alter table agent_token add column webhook_secret_sealed varchar(200);

-- The callback a request asked for, and the token whose secret signs it.
create table webhook_subscription (
    request_id     varchar(36)   not null primary key references change_request (id),
    url            varchar(2000) not null,
    agent_token_id varchar(36)   not null references agent_token (id),
    created_at     timestamp with time zone not null
);

-- One row per decided status to deliver, written in the transaction that decided it. A sender claims a row with a
-- lease (claimed_until), posts it, and either marks it delivered or schedules the next attempt; a row with neither
-- delivered_at nor next_attempt_at has used up its attempts.
create table webhook_delivery (
    id              varchar(36)   not null primary key,
    request_id      varchar(36)   not null references change_request (id),
    url             varchar(2000) not null,
    body            text          not null,
    attempts        integer       not null default 0,
    next_attempt_at timestamp with time zone,
    claimed_until   timestamp with time zone,
    delivered_at    timestamp with time zone,
    last_error      varchar(1000),
    created_at      timestamp with time zone not null
);
create index ix_webhook_delivery_due on webhook_delivery (delivered_at, next_attempt_at);
create index ix_webhook_delivery_request on webhook_delivery (request_id);
