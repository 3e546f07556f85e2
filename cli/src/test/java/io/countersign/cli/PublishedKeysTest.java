package io.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fetched key set is kept on disk, so verifying needs the network once, and again only after a rotation. */
class PublishedKeysTest {

    @TempDir
    Path cache;

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<JWKSet> served = new AtomicReference<>();

    @BeforeEach
    void serveKeys() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aKeptSetVerifiesWithoutTheServerAndARotatedKeyIsFetchedOnce() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        served.set(new JWKSet(first.toPublicJWK()));

        assertThat(PublishedKeys.from(null, url(), cache).apply("k1")).contains(first.toPublicJWK());
        assertThat(PublishedKeys.from(null, url(), cache).apply("k1")).as("from the disk").isPresent();
        assertThat(fetches).hasValue(1);

        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        served.set(new JWKSet(java.util.List.of(first.toPublicJWK(), second.toPublicJWK())));
        PublishedKeys kept = PublishedKeys.from(null, url(), cache);
        assertThat(kept.apply("k2")).contains(second.toPublicJWK());
        assertThat(kept.apply("k3")).as("fetched again at most once per run").isEmpty();
        assertThat(fetches).hasValue(2);

        server.stop(0);
        assertThat(PublishedKeys.from(null, url(), cache).apply("k2")).as("offline, from the disk").isPresent();
    }

    @Test
    void noKeysAndNoServerIsBadInput() {
        assertThatThrownBy(() -> PublishedKeys.from(null, null, cache))
                .isInstanceOfSatisfying(Stop.class, stop -> assertThat(stop.exitCode()).isEqualTo(Stop.BAD_INPUT));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
