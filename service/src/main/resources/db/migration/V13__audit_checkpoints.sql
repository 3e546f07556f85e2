-- Merkle tree and signed checkpoints over the audit chain (see docs/audit.md, "Checkpoints").
--
-- audit_merkle_node holds the hash of every complete subtree above the leaves, written by the chain sealer in the
-- same transaction as the links it seals: level k, index i covers leaves [i * 2^k, (i + 1) * 2^k). Leaf i (level 0)
-- is not stored: it is SHA-256(0x00 || the chain hash of seq i + 1), read from audit_chain. So an inclusion or
-- consistency proof is one look-up by key per level, whatever the size of the log.
CREATE TABLE audit_merkle_node (
    level SMALLINT    NOT NULL,
    idx   BIGINT      NOT NULL,
    hash  VARCHAR(64) NOT NULL,
    PRIMARY KEY (level, idx),
    CONSTRAINT audit_merkle_node_above_leaves CHECK (level >= 1)
);

-- The key that signs checkpoints: not an approval-token key. The private half is sealed under the master secret.
CREATE TABLE audit_log_key (
    key_id          VARCHAR(8)    PRIMARY KEY,
    key_name        VARCHAR(200)  NOT NULL,
    public_key      VARCHAR(400)  NOT NULL,
    private_sealed  VARCHAR(2000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per published tree size, never updated or deleted.
CREATE TABLE audit_checkpoint (
    tree_size  BIGINT        PRIMARY KEY,
    root_hash  VARCHAR(64)   NOT NULL,
    key_id     VARCHAR(8)    NOT NULL REFERENCES audit_log_key (key_id),
    note       VARCHAR(4000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
