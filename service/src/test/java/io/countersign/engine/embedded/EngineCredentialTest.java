package io.countersign.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCredentialTest {

    @TempDir
    Path dir;

    @Test
    void createsARandomCredentialReadableByTheOwnerOnly() throws Exception {
        Path file = dir.resolve("engine").resolve(EngineCredential.DEFAULT_FILE);

        EngineCredential credential = EngineCredential.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).matches("[A-Za-z0-9_-]{43}");
        assertThat(credential.admits("Bearer " + Files.readString(file).strip())).isTrue();
        assertThat(credential.toString()).doesNotContain(Files.readString(file).strip());
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void admitsTheCredentialAsTheBasicPasswordOfUserCountersignAndNothingElse() throws Exception {
        Path file = dir.resolve(EngineCredential.DEFAULT_FILE);
        EngineCredential credential = EngineCredential.loadOrCreate(file);
        String value = Files.readString(file).strip();
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();

        assertThat(credential.admits("Basic " + base64.encodeToString(("countersign:" + value).getBytes()))).isTrue();
        assertThat(credential.admits("Basic " + base64.encodeToString(("admin:" + value).getBytes()))).isFalse();
        assertThat(credential.admits("Basic " + base64.encodeToString(("countersign:" + value + "x").getBytes())))
                .isFalse();
        assertThat(credential.admits("Basic " + base64.encodeToString("countersign:".getBytes()))).isFalse();
        assertThat(credential.admits("Bearer " + base64.encodeToString(("countersign:" + value).getBytes())))
                .isFalse();
    }

    @Test
    void keepsTheSameCredentialAcrossRestartsAndANewOneAfterTheFileIsDeleted() throws Exception {
        Path file = dir.resolve(EngineCredential.DEFAULT_FILE);
        String first = EngineCredential.loadOrCreate(file).authorization();

        assertThat(EngineCredential.loadOrCreate(file).authorization()).isEqualTo(first);
        Files.delete(file);
        assertThat(EngineCredential.loadOrCreate(file).authorization()).isNotEqualTo(first);
    }

    @Test
    void processesRacingToCreateItAllGetTheSameCredential() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("race-" + round);
            List<Callable<String>> racers = IntStream.range(0, 8)
                    .<Callable<String>>mapToObj(i -> () -> EngineCredential.loadOrCreate(file).authorization())
                    .toList();
            try (var pool = Executors.newFixedThreadPool(8)) {
                List<String> seen = pool.invokeAll(racers).stream().map(f -> {
                    try {
                        return f.get();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).distinct().toList();
                assertThat(seen).hasSize(1);
                assertThat(EngineCredential.loadOrCreate(file).authorization()).isEqualTo(seen.getFirst());
            }
        }
    }

    @Test
    void refusesAFileOthersMayRead() throws Exception {
        Path file = dir.resolve(EngineCredential.DEFAULT_FILE);
        EngineCredential.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> EngineCredential.loadOrCreate(file))
                .isInstanceOf(EngineCredential.CredentialFileUnsafe.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAFileThatHoldsNoCredential() throws Exception {
        Path file = Files.writeString(dir.resolve(EngineCredential.DEFAULT_FILE), "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> EngineCredential.loadOrCreate(file))
                .isInstanceOf(EngineCredential.CredentialFileUnsafe.class)
                .hasMessageContaining("does not hold a credential");
    }

    @Test
    void admitsOnlyTheExactBearerHeader() {
        EngineCredential credential = EngineCredential.loadOrCreate(dir.resolve(EngineCredential.DEFAULT_FILE));
        String header = credential.authorization();

        assertThat(credential.admits(header)).isTrue();
        assertThat(credential.admits(null)).isFalse();
        assertThat(credential.admits("")).isFalse();
        assertThat(credential.admits(header + "x")).isFalse();
        assertThat(credential.admits(header.substring(0, header.length() - 1))).isFalse();
        assertThat(credential.admits(header.replace("Bearer ", "bearer "))).isFalse();
    }
}
