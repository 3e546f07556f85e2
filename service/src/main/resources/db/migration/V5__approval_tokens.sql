-- Secrets the embedded default generates for itself; outside it they come from the environment instead.
create table app_secret (
    name       varchar(100) not null primary key,
    secret     varchar(200) not null,
    created_at timestamp with time zone not null
);

-- Keys that sign approval tokens. The newest ACTIVE key signs; VERIFY_ONLY keys still verify tokens they signed
-- until they are RETIRED. The private key is stored encrypted under a key derived from the master secret.
create table signing_key (
    kid                   varchar(64)   not null primary key,
    algorithm             varchar(20)   not null,
    public_jwk            varchar(2000) not null,
    private_jwk_encrypted varchar(4000) not null,
    status                varchar(20)   not null,
    created_at            timestamp with time zone not null,
    retired_at            timestamp with time zone
);
create index ix_signing_key_status on signing_key (status, created_at);

-- One approval token per approved request; redeemed once, by the execution report.
create table approval_token (
    jti         varchar(36)   not null primary key,
    request_id  varchar(36)   not null references change_request (id),
    plan_hash   varchar(64)   not null,
    kid         varchar(64)   not null references signing_key (kid),
    token       varchar(4000) not null,
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    redeemed_at timestamp with time zone,
    redeemed_by varchar(100)
);
create unique index ux_approval_token_request on approval_token (request_id);
