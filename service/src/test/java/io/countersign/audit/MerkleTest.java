package io.countersign.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds the tree to RFC 6962's published test vectors: the eight-leaf tree of Certificate Transparency's and
 * transparency-dev's merkle test data, its roots for every size, and their inclusion and consistency proofs.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();

    static final List<byte[]> LEAVES = hex("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");

    static final List<byte[]> ROOTS = hex(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    /** The published inclusion proofs: (leaf index, tree size, proof). */
    record Inclusion(long index, long size, List<byte[]> proof) {
    }

    static final List<Inclusion> INCLUSIONS = List.of(
            new Inclusion(0, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Inclusion(5, 8, hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Inclusion(2, 3, hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Inclusion(1, 5, hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Inclusion(0, 1, List.of()));

    /** The published consistency proofs: (first size, second size, proof). */
    record Consistency(long first, long second, List<byte[]> proof) {
    }

    static final List<Consistency> CONSISTENCIES = List.of(
            new Consistency(1, 1, List.of()),
            new Consistency(1, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Consistency(6, 8, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Consistency(2, 5, hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Consistency(6, 7, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    private final Merkle.Nodes tree = MerkleTest::node;

    @Test
    void rootsOfEverySizeMatchThePublishedVectors() {
        for (int size = 1; size <= 8; size++) {
            assertThat(HEX.formatHex(Merkle.root(size, tree))).as("root of %d leaves", size)
                    .isEqualTo(HEX.formatHex(ROOTS.get(size - 1)));
        }
        assertThat(HEX.formatHex(Merkle.root(0, tree)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aFrontierFedLeafByLeafHasEveryPublishedRootAndCompletesExactlyTheStoredNodes() {
        var frontier = new Merkle.Frontier();
        for (int i = 0; i < LEAVES.size(); i++) {
            for (var completed : frontier.append(Merkle.leafHash(LEAVES.get(i)))) {
                assertThat(completed.hash()).isEqualTo(node(completed.level(), completed.index()));
            }
            assertThat(frontier.root()).as("root after %d leaves", i + 1).isEqualTo(ROOTS.get(i));
            assertThat(Merkle.Frontier.of(i + 1, tree).root()).isEqualTo(ROOTS.get(i));
        }
    }

    @Test
    void inclusionProofsAreThePublishedOnesAndVerify() {
        for (Inclusion vector : INCLUSIONS) {
            var proof = Merkle.inclusionProof(vector.index(), vector.size(), tree);
            assertThat(proof).as("proof for leaf %d of %d", vector.index(), vector.size())
                    .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(vector.proof());
            byte[] leaf = Merkle.leafHash(LEAVES.get((int) vector.index()));
            assertThat(Merkle.rootFromInclusionProof(vector.index(), vector.size(), leaf, proof))
                    .isEqualTo(ROOTS.get((int) vector.size() - 1));
        }
    }

    @Test
    void anInclusionProofForAnotherLeafIndexOrSizeOrWithAFlippedBitDoesNotVerify() {
        var vector = INCLUSIONS.get(1);
        byte[] leaf = Merkle.leafHash(LEAVES.get((int) vector.index()));
        byte[] root = ROOTS.get(7);
        assertThat(Merkle.rootFromInclusionProof(vector.index() - 1, 8, leaf, vector.proof())).isNotEqualTo(root);
        assertThat(Merkle.rootFromInclusionProof(vector.index() + 1, 8, leaf, vector.proof())).isNotEqualTo(root);
        assertThat(Merkle.rootFromInclusionProof(vector.index(), 4, leaf, vector.proof())).isNotEqualTo(root);
        var flipped = new ArrayList<>(vector.proof());
        byte[] changed = flipped.get(1).clone();
        changed[0] ^= 8;
        flipped.set(1, changed);
        assertThat(Merkle.rootFromInclusionProof(vector.index(), 8, leaf, flipped)).isNotEqualTo(root);
        assertThat(Merkle.rootFromInclusionProof(vector.index(), 8, leaf, vector.proof().subList(0, 2)))
                .isNotEqualTo(root);
    }

    @Test
    void consistencyProofsAreThePublishedOnesAndVerify() {
        for (Consistency vector : CONSISTENCIES) {
            var proof = Merkle.consistencyProof(vector.first(), vector.second(), tree);
            assertThat(proof).as("proof from %d to %d", vector.first(), vector.second())
                    .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(vector.proof());
            assertThat(Merkle.verifyConsistency(vector.first(), vector.second(), ROOTS.get((int) vector.first() - 1),
                    ROOTS.get((int) vector.second() - 1), proof)).isTrue();
        }
    }

    @Test
    void aConsistencyProofDoesNotVerifyWithSwappedRootsOtherSizesOrAFlippedBit() {
        var vector = CONSISTENCIES.get(2);
        byte[] first = ROOTS.get(5);
        byte[] second = ROOTS.get(7);
        assertThat(Merkle.verifyConsistency(6, 8, second, first, vector.proof())).isFalse();
        assertThat(Merkle.verifyConsistency(5, 8, first, second, vector.proof())).isFalse();
        assertThat(Merkle.verifyConsistency(6, 16, first, second, vector.proof())).isFalse();
        assertThat(Merkle.verifyConsistency(6, 4, first, second, vector.proof())).isFalse();
        assertThat(Merkle.verifyConsistency(6, 8, first, second, List.of())).isFalse();
        var flipped = new ArrayList<>(vector.proof());
        byte[] changed = flipped.get(0).clone();
        changed[0] ^= 16;
        flipped.set(0, changed);
        assertThat(Merkle.verifyConsistency(6, 8, first, second, flipped)).isFalse();
    }

    @Test
    void everyProofOfLargerTreesVerifiesAgainstTheFrontiersRoot() {
        List<byte[]> leaves = new ArrayList<>();
        var frontier = new Merkle.Frontier();
        List<byte[]> roots = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] leaf = Merkle.leafHash(new byte[] {(byte) i, (byte) (i * 7)});
            leaves.add(leaf);
            frontier.append(leaf);
            roots.add(frontier.root());
        }
        Merkle.Nodes nodes = (level, index) -> subtree(leaves, level, index);
        for (int size = 1; size <= 70; size++) {
            for (int index = 0; index < size; index++) {
                var proof = Merkle.inclusionProof(index, size, nodes);
                assertThat(Merkle.rootFromInclusionProof(index, size, leaves.get(index), proof))
                        .isEqualTo(roots.get(size - 1));
            }
            for (int first = 1; first <= size; first++) {
                var proof = Merkle.consistencyProof(first, size, nodes);
                assertThat(Merkle.verifyConsistency(first, size, roots.get(first - 1), roots.get(size - 1), proof))
                        .as("consistency %d to %d", first, size).isTrue();
            }
        }
    }

    static byte[] node(int level, long index) {
        return subtree(LEAVES.stream().map(Merkle::leafHash).toList(), level, index);
    }

    private static byte[] subtree(List<byte[]> leafHashes, int level, long index) {
        if (level == 0) {
            return leafHashes.get((int) index);
        }
        return Merkle.nodeHash(subtree(leafHashes, level - 1, 2 * index), subtree(leafHashes, level - 1, 2 * index + 1));
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }

    private static List<byte[]> hex(String... values) {
        return java.util.Arrays.stream(values).map(HEX::parseHex).toList();
    }
}
