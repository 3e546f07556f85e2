-- Agent tokens: an agent's own identity on the API. Only the SHA-256 of the token is kept; the token itself is
-- shown once, when it is created.
create table agent_token (
    id                      varchar(36)   not null primary key,
    agent_id                varchar(100)  not null,
    token_hash              varchar(64)   not null,
    token_prefix            varchar(20)   not null,
    engineers               varchar(2000) not null,
    description             varchar(500),
    requests_per_minute     integer,
    created_by              varchar(100)  not null,
    created_at              timestamp with time zone not null,
    expires_at              timestamp with time zone not null,
    revoked                 boolean       not null default false,
    revoked_by              varchar(100),
    revoked_at              timestamp with time zone,
    last_used_at            timestamp with time zone
);
create unique index ux_agent_token_hash on agent_token (token_hash);
create index ix_agent_token_agent on agent_token (agent_id);
