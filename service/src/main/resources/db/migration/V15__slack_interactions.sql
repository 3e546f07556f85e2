-- Slack interaction requests already acted on, by their v0 signature, kept past the five-minute timestamp window so
-- a replayed request is refused even after a restart or on another instance.
create table slack_interaction_seen (
    signature  varchar(100) not null primary key,
    seen_at    timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index ix_slack_interaction_expiry on slack_interaction_seen (expires_at);

-- When each person last opened their inbox, so it can say what arrived since (kept across sessions and instances).
create table inbox_visit (
    username  varchar(100) not null primary key,
    looked_at timestamp with time zone not null
);
