-- One identity per person.
--
-- The requester side of a plan, fixed at submission: the agent token it came through (only that token speaks for
-- the plan, not every token of the same agent id) and the canonical names of every person on the requesting side
-- (requester, human submitter, each engineer the submitting token may act for), none of whom may approve it.
-- Rows from before this migration have neither; the service derives the side from requested_by and submitted_by.
alter table change_request add column submitted_token_id varchar(36);
alter table change_request add column requester_side varchar(4000);

-- Single sign-on identities, keyed by what the provider never reassigns (issuer, subject), linked by an admin to the
-- directory user they are. An identity with no row here is refused at sign-in.
create table oidc_identity (
    issuer     varchar(500) not null,
    subject    varchar(255) not null,
    username   varchar(100) not null references app_user (username),
    linked_by  varchar(100) not null,
    linked_at  timestamp with time zone not null,
    primary key (issuer, subject)
);
create index ix_oidc_identity_user on oidc_identity (username);
