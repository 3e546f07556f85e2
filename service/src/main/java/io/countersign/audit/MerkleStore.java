package io.countersign.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored Merkle tree: the hash of every complete subtree above the leaves in {@code audit_merkle_node}, the
 * leaves themselves derived from {@code audit_chain}. A proof or root is computed in two passes: the first only
 * records which subtrees the algorithm asks for, those are read in two statements (leaves, inner nodes), the second
 * pass computes with them. So a proof costs two key look-ups per tree level, not a walk of the log.
 */
@Component
class MerkleStore {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PLACEHOLDER = new byte[Merkle.HASH_BYTES];
    private static final int BACKFILL_BATCH = 10_000;

    private final JdbcTemplate jdbc;

    MerkleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The leaf of the entry at {@code seq}: its chain hash as 32 bytes, hashed as an RFC 6962 leaf. */
    static byte[] leafOf(String chainHash) {
        return Merkle.leafHash(HEX.parseHex(chainHash));
    }

    byte[] root(long size) {
        return compute(nodes -> Merkle.root(size, nodes));
    }

    List<byte[]> inclusionProof(long index, long size) {
        return compute(nodes -> Merkle.inclusionProof(index, size, nodes));
    }

    List<byte[]> consistencyProof(long first, long second) {
        return compute(nodes -> Merkle.consistencyProof(first, second, nodes));
    }

    byte[] leaf(long index) {
        return compute(nodes -> nodes.node(0, index));
    }

    /**
     * The right edge of the tree of {@code size} leaves, for the sealer to extend. A chain sealed before the tree
     * existed (an upgrade) has links but no nodes: the tree is then built once from the whole chain.
     */
    Merkle.Frontier frontier(long size) {
        if (size > 1 && Boolean.FALSE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM audit_merkle_node)", Boolean.class))) {
            return backfill(size);
        }
        List<long[]> edge = Merkle.Frontier.edgeNodes(size);
        Map<Long, byte[]> found = fetch(edge);
        return Merkle.Frontier.of(size, (level, index) -> required(found, level, index));
    }

    /** Stores the subtrees completed by a sealing batch, in one statement. */
    void insert(List<Merkle.Frontier.Completed> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        int n = nodes.size();
        Integer[] levels = new Integer[n];
        Long[] indexes = new Long[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            var node = nodes.get(i);
            levels[i] = node.level();
            indexes[i] = node.index();
            hashes[i] = HEX.formatHex(node.hash());
        }
        jdbc.update("INSERT INTO audit_merkle_node (level, idx, hash) SELECT * FROM UNNEST(?, ?, ?)",
                levels, indexes, hashes);
    }

    private Merkle.Frontier backfill(long size) {
        var frontier = new Merkle.Frontier();
        var pending = new ArrayList<Merkle.Frontier.Completed>();
        var streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(BACKFILL_BATCH);
        jdbc.query("SELECT hash FROM audit_chain WHERE seq <= ? ORDER BY seq", rs -> {
            pending.addAll(frontier.append(leafOf(rs.getString(1))));
            if (pending.size() >= BACKFILL_BATCH) {
                insert(pending);
                pending.clear();
            }
        }, size);
        insert(pending);
        if (frontier.size() != size) {
            throw new IllegalStateException("the audit chain has gaps below seq " + size + "; cannot build its tree");
        }
        return frontier;
    }

    private <T> T compute(java.util.function.Function<Merkle.Nodes, T> algorithm) {
        Map<Long, long[]> wanted = new LinkedHashMap<>();
        algorithm.apply((level, index) -> {
            wanted.put(key(level, index), new long[] {level, index});
            return PLACEHOLDER;
        });
        Map<Long, byte[]> found = fetch(new ArrayList<>(wanted.values()));
        return algorithm.apply((level, index) -> required(found, level, index));
    }

    private static byte[] required(Map<Long, byte[]> found, int level, long index) {
        byte[] hash = found.get(key(level, index));
        if (hash == null) {
            throw new IllegalStateException("the audit tree has no node at level " + level + ", index " + index
                    + ": it is not that large, or a node was removed");
        }
        return hash;
    }

    private Map<Long, byte[]> fetch(List<long[]> nodes) {
        Map<Long, byte[]> found = new HashMap<>();
        List<Long> leaves = new ArrayList<>();
        var inner = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (long[] node : nodes) {
            if (node[0] == 0) {
                leaves.add(node[1] + 1);
            } else {
                inner.append(inner.isEmpty() ? "" : " OR ").append("(level = ? AND idx = ?)");
                args.add((int) node[0]);
                args.add(node[1]);
            }
        }
        if (!leaves.isEmpty()) {
            jdbc.query("SELECT seq, hash FROM audit_chain WHERE seq = ANY (?)",
                    rs -> { found.put(key(0, rs.getLong(1) - 1), leafOf(rs.getString(2))); },
                    (Object) leaves.toArray(Long[]::new));
        }
        if (!args.isEmpty()) {
            jdbc.query("SELECT level, idx, hash FROM audit_merkle_node WHERE " + inner,
                    rs -> { found.put(key(rs.getInt(1), rs.getLong(2)), HEX.parseHex(rs.getString(3))); },
                    args.toArray());
        }
        return found;
    }

    /** Levels stay below 64 and indexes below 2^57, so one long names a node. */
    private static long key(int level, long index) {
        return index << 6 | level;
    }
}
