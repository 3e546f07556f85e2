package io.countersign.cli;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.countersign.common.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's published verification keys (a JWK Set), from a file or a URL. A URL's set is kept on disk, so a
 * check needs the network only the first time and when a token names a key the kept set lacks (a rotation): then
 * the set is fetched once more. Only P-256 EC public keys verify; anything else in the set is ignored.
 */
final class PublishedKeys implements Function<String, Optional<ECKey>> {

    private final URI url;
    private final Path cacheFile;
    private JWKSet keys;
    private boolean refreshed;

    private PublishedKeys(URI url, Path cacheFile, JWKSet keys) {
        this.url = url;
        this.cacheFile = cacheFile;
        this.keys = keys;
    }

    /**
     * @param location a file, or an http(s) URL; null for the server's {@code /.well-known/jwks.json}
     * @param cacheDir where a URL's set is kept; null for {@code $COUNTERSIGN_CACHE_DIR} or {@code ~/.cache/countersign}
     */
    static PublishedKeys from(String location, String serverUrl, Path cacheDir) {
        String where = location;
        if (where == null || where.isBlank()) {
            if (serverUrl == null) {
                throw Stop.badInput("no keys: give --jwks URL|FILE, or --server / COUNTERSIGN_URL", null);
            }
            where = serverUrl.replaceAll("/+$", "") + "/.well-known/jwks.json";
        }
        if (!where.startsWith("http://") && !where.startsWith("https://")) {
            return new PublishedKeys(null, null, parse(PlanFiles.text(Path.of(where)), where));
        }
        Path dir = cacheDir != null ? cacheDir : defaultCacheDir();
        Path file = dir.resolve("jwks-" + Sha256.hex(where).substring(0, 16) + ".json");
        PublishedKeys published = new PublishedKeys(URI.create(where), file, null);
        published.keys = Files.isRegularFile(file) ? readCached(file) : null;
        if (published.keys == null) {
            published.refresh();
        }
        return published;
    }

    @Override
    public Optional<ECKey> apply(String kid) {
        Optional<ECKey> key = find(kid);
        if (key.isEmpty() && url != null && !refreshed) {
            refresh();
            key = find(kid);
        }
        return key;
    }

    private Optional<ECKey> find(String kid) {
        JWK jwk = keys.getKeyByKeyId(kid);
        return jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) ? Optional.of(ec.toPublicJWK())
                : Optional.empty();
    }

    private void refresh() {
        refreshed = true;
        String text = fetch();
        keys = parse(text, url.toString());
        keep(text);
    }

    private String fetch() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/jwk-set+json, application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw Stop.serverTrouble(url + " answered HTTP " + response.statusCode() + ", not the keys", null);
            }
            return response.body();
        } catch (IOException e) {
            throw Stop.serverTrouble("cannot fetch the keys from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Stop.serverTrouble("interrupted while fetching the keys from " + url, e);
        }
    }

    /** Best effort: a cache that cannot be written only costs a fetch next time. */
    private void keep(String text) {
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temp = Files.createTempFile(cacheFile.getParent(), "jwks-", ".tmp");
            Files.writeString(temp, text);
            try {
                Files.move(temp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Nothing to do: verification goes on with the keys just fetched.
        }
    }

    private static JWKSet readCached(Path file) {
        try {
            return JWKSet.parse(Files.readString(file));
        } catch (IOException | ParseException e) {
            return null;
        }
    }

    private static JWKSet parse(String text, String source) {
        try {
            return JWKSet.parse(text);
        } catch (ParseException e) {
            throw Stop.badInput(source + " is not a JWK Set: " + e.getMessage(), e);
        }
    }

    private static Path defaultCacheDir() {
        String configured = System.getenv("COUNTERSIGN_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("countersign");
    }
}
