package io.countersign.engine.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that the application's Camunda client presents to the embedded engine's gateway, so that nothing else
 * on the host can talk to the engine. One per credential file: 32 random bytes, base64url, readable by the owner
 * only. Deleting the file while the application is stopped rotates it. The value is never logged; {@link #toString}
 * hides it.
 */
final class EngineCredential {

    static final String DEFAULT_FILE = "gateway.credential";
    static final String BEARER = "Bearer ";
    static final String BASIC_USER = "countersign";

    private static final Logger LOG = LoggerFactory.getLogger(EngineCredential.class);
    private static final int RANDOM_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43,}");
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String value;
    private final byte[] expectedHeader;
    private final byte[] expectedBasic;

    private EngineCredential(String value) {
        this.value = value;
        this.expectedHeader = (BEARER + value).getBytes(StandardCharsets.US_ASCII);
        this.expectedBasic = basic(value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The same credential as HTTP Basic, user {@value #BASIC_USER}: what the stock Camunda client sends with
     * {@code camunda.client.auth.method=basic}, so a second instance with the {@code camunda} profile reaches this
     * engine by configuration alone.
     */
    static String basic(String value) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((BASIC_USER + ":" + value).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads the credential in {@code file}, or creates it if there is none. Creation is atomic (the file appears
     * whole, with its final mode, or not at all), and when two processes race the first one's credential wins.
     *
     * @throws CredentialFileUnsafe when the file exists but others may read it, or does not hold a credential
     */
    static EngineCredential loadOrCreate(Path file) {
        try {
            if (Files.notExists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the engine credential file " + file, e);
        }
    }

    /** The value of the {@code authorization} header the gateway admits. */
    String authorization() {
        return BEARER + value;
    }

    /**
     * Whether a presented {@code authorization} header is this credential (as a bearer token, or as the password of
     * user {@value #BASIC_USER}), compared in constant time.
     */
    boolean admits(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] presented = authorization.getBytes(StandardCharsets.US_ASCII);
        // Both compared, each in constant time, so the time taken does not tell which form came close.
        boolean bearer = MessageDigest.isEqual(expectedHeader, presented);
        boolean basic = MessageDigest.isEqual(expectedBasic, presented);
        return bearer | basic;
    }

    @Override
    public String toString() {
        return "EngineCredential[hidden]";
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
        Path temp = posix
                ? Files.createTempFile(directory, ".credential-", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, ".credential-", ".tmp");
        try {
            Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            publish(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (!posix) {
            LOG.warn("The file system of {} has no POSIX permissions; restrict who may read it by other means", file);
        }
        LOG.info("Created a new engine credential in {}", file);
    }

    /** A hard link never replaces an existing file, so a concurrent creator's credential is kept, not overwritten. */
    private static void publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("Another process created {} first; using its credential", file);
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(file)) {
                return;
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static EngineCredential read(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new CredentialFileUnsafe(file, "others may access it (mode "
                        + PosixFilePermissions.toString(permissions) + "); run chmod 600 on it, or delete it while "
                        + "Countersign is stopped to get a new one");
            }
        }
        String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!WELL_FORMED.matcher(value).matches()) {
            throw new CredentialFileUnsafe(file, "it does not hold a credential (at least 43 base64url characters); "
                    + "delete it while Countersign is stopped to get a new one");
        }
        return new EngineCredential(value);
    }

    /** The credential file exists but cannot be trusted or used. */
    static final class CredentialFileUnsafe extends IllegalStateException {
        CredentialFileUnsafe(Path file, String why) {
            super("The engine credential file " + file + " is refused: " + why);
        }
    }
}
