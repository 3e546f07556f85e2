package io.countersign.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 6962 / RFC 9162 Merkle tree over the sealed audit entries: leaf = SHA-256(0x00 || leaf data), node =
 * SHA-256(0x01 || left || right), a tree of n leaves split at the largest power of two below n. The leaf data of the
 * entry at seq s is leaf s - 1 and is the 32 raw bytes of that entry's chain hash, which already covers every field
 * of the entry, its seq and the link before it.
 *
 * <p>Hand-written (about a hundred lines) because no maintained Java library implements RFC 6962 trees, proofs and
 * verification; the tests hold it to the published test vectors. The algorithms read subtree hashes through
 * {@link Nodes}, so that the same code builds proofs from the stored nodes, from memory, or from an export.
 */
final class Merkle {

    static final int HASH_BYTES = 32;

    /** Complete, aligned subtrees: level 0 is a leaf hash, level k covers leaves [index·2^k, (index+1)·2^k). */
    interface Nodes {
        byte[] node(int level, long index);
    }

    private Merkle() {
    }

    static byte[] leafHash(byte[] leafData) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x00);
        return digest.digest(leafData);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    /** The root of the empty tree, SHA-256 of nothing. */
    static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[0:size]). */
    static byte[] root(long size, Nodes nodes) {
        return size == 0 ? emptyRoot() : range(0, size, nodes);
    }

    /** RFC 6962 PATH(index, D[size]): the siblings from the leaf up, for a leaf index below size. */
    static List<byte[]> inclusionProof(long index, long size, Nodes nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        var proof = new ArrayList<byte[]>();
        path(index, 0, size, nodes, proof);
        return proof;
    }

    /** RFC 6962 PROOF(first, D[second]) for 0 < first <= second; empty when both are equal. */
    static List<byte[]> consistencyProof(long first, long second, Nodes nodes) {
        if (first <= 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        var proof = new ArrayList<byte[]>();
        if (first < second) {
            subproof(first, 0, second, true, nodes, proof);
        }
        return proof;
    }

    /** RFC 9162 2.1.3.2: the root the proof leads to, or null if the proof does not fit the index and size. */
    static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || p.length != HASH_BYTES) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** RFC 9162 2.1.4.2: whether the tree of {@code second} leaves extends the tree of {@code first} leaves. */
    static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        var path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.addFirst(firstRoot);
        }
        if (path.isEmpty() || path.stream().anyMatch(p -> p.length != HASH_BYTES)) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** MTH(D[lo:hi]); every piece the split produces is a complete, aligned subtree, i.e. one stored node. */
    private static byte[] range(long lo, long hi, Nodes nodes) {
        long size = hi - lo;
        if (Long.bitCount(size) == 1 && lo % size == 0) {
            return nodes.node(Long.numberOfTrailingZeros(size), lo / size);
        }
        long k = splitPoint(size);
        return nodeHash(range(lo, lo + k, nodes), range(lo + k, hi, nodes));
    }

    private static void path(long m, long lo, long hi, Nodes nodes, List<byte[]> out) {
        long size = hi - lo;
        if (size == 1) {
            return;
        }
        long k = splitPoint(size);
        if (m < k) {
            path(m, lo, lo + k, nodes, out);
            out.add(range(lo + k, hi, nodes));
        } else {
            path(m - k, lo + k, hi, nodes, out);
            out.add(range(lo, lo + k, nodes));
        }
    }

    private static void subproof(long m, long lo, long hi, boolean complete, Nodes nodes, List<byte[]> out) {
        long size = hi - lo;
        if (m == size) {
            if (!complete) {
                out.add(range(lo, hi, nodes));
            }
            return;
        }
        long k = splitPoint(size);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, nodes, out);
            out.add(range(lo + k, hi, nodes));
        } else {
            subproof(m - k, lo + k, hi, false, nodes, out);
            out.add(range(lo, lo + k, nodes));
        }
    }

    /** The largest power of two smaller than size (size >= 2). */
    private static long splitPoint(long size) {
        return Long.highestOneBit(size - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * The right edge of a growing tree (a compact range from leaf 0): one hash per set bit of the size. Appending a
     * leaf completes the subtrees it closes, which the sealer stores, and the root is a fold of the edge. Used by the
     * sealer (seeded from the stored nodes) and by the offline verifier (which streams an export through it).
     */
    static final class Frontier {

        /** A complete subtree closed by an append. */
        record Completed(int level, long index, byte[] hash) {
        }

        private final byte[][] edge = new byte[64][];
        private long size;

        Frontier() {
        }

        /** The edge of a tree of {@code size} leaves, read from its stored nodes. */
        static Frontier of(long size, Nodes nodes) {
            var frontier = new Frontier();
            frontier.size = size;
            for (int level = 0; level < 63; level++) {
                if ((size >> level & 1) == 1) {
                    frontier.edge[level] = nodes.node(level, (size >> level) - 1);
                }
            }
            return frontier;
        }

        /** The edge nodes a tree of {@code size} leaves needs, as (level, index) pairs. */
        static List<long[]> edgeNodes(long size) {
            var nodes = new ArrayList<long[]>();
            for (int level = 0; level < 63; level++) {
                if ((size >> level & 1) == 1) {
                    nodes.add(new long[] {level, (size >> level) - 1});
                }
            }
            return nodes;
        }

        long size() {
            return size;
        }

        /** Adds a leaf hash; returns the subtrees above level 0 that it completes, lowest first. */
        List<Completed> append(byte[] leafHash) {
            List<Completed> completed = List.of();
            byte[] carry = leafHash;
            int level = 0;
            while ((size >> level & 1) == 1) {
                carry = nodeHash(edge[level], carry);
                edge[level] = null;
                level++;
                if (completed.isEmpty()) {
                    completed = new ArrayList<>(2);
                }
                completed.add(new Completed(level, ((size + 1) >> level) - 1, carry));
            }
            edge[level] = carry;
            size++;
            return completed;
        }

        byte[] root() {
            byte[] root = null;
            for (int level = 0; level < 63; level++) {
                if (edge[level] != null) {
                    root = root == null ? edge[level] : nodeHash(edge[level], root);
                }
            }
            return root == null ? emptyRoot() : root;
        }
    }
}
