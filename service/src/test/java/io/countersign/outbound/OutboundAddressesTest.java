package io.countersign.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every spelling of a forbidden target is refused, before any connection; ordinary addresses pass. */
class OutboundAddressesTest {

    private static final List<String> METADATA_SPELLINGS = List.of("169.254.169.254", "[::169.254.169.254]",
            "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "0xa9fea9fe", "0xA9FEA9FE", "2852039166",
            "0251.0376.0251.0376", "0xa9.0xfe.0xa9.0xfe", "169.254.43518", "169.16689662", "[64:ff9b::a9fe:a9fe]",
            "[2002:a9fe:a9fe::1]", "[fe80::1]", "[fd00:ec2::254]", "metadata.google.internal",
            "METADATA.GOOGLE.INTERNAL.", "metadata", "100.100.100.200");

    @Test
    void refusesMetadataAndLinkLocalInEverySpelling() {
        for (String host : METADATA_SPELLINGS) {
            assertThat(OutboundAddresses.refusalOfName(host, true)).as(host).isPresent();
        }
    }

    @Test
    void refusesWildcardMulticastAndBroadcast() {
        for (String host : List.of("0.0.0.0", "0", "0x0", "[::]", "[::0.0.0.0]", "224.0.0.1", "0xe0000001",
                "[ff02::1]", "[::ffff:224.0.0.1]", "255.255.255.255", "4294967295", "240.0.0.1")) {
            assertThat(OutboundAddresses.refusalOfName(host, true)).as(host).isPresent();
        }
    }

    @Test
    void refusesLoopbackUnlessAllowed() {
        for (String host : List.of("127.0.0.1", "127.1", "0x7f000001", "2130706433", "017700000001", "[::1]",
                "[::ffff:127.0.0.1]", "[::127.0.0.1]")) {
            assertThat(OutboundAddresses.refusalOfName(host, false)).as(host).isPresent();
            assertThat(OutboundAddresses.refusalOfName(host, true)).as(host).isEmpty();
        }
    }

    @Test
    void acceptsOrdinaryAddressesAndNames() {
        for (String host : List.of("93.184.215.14", "[2606:2800:21f:cb07:6820:80da:af6b:8b2c]", "hooks.slack.com",
                "example.com", "10.0.0.8")) {
            assertThat(OutboundAddresses.refusalOfName(host, false)).as(host).isEmpty();
        }
    }

    @Test
    void readsIpv4AsInetAtonDoes() {
        assertThat(OutboundAddresses.inetAton("0xa9fea9fe")).contains(0xa9fea9feL);
        assertThat(OutboundAddresses.inetAton("2852039166")).contains(2852039166L);
        assertThat(OutboundAddresses.inetAton("0251.0376.0251.0376")).contains(0xa9fea9feL);
        assertThat(OutboundAddresses.inetAton("169.254.43518")).contains(0xa9fea9feL);
        assertThat(OutboundAddresses.inetAton("1.2.3.4.5")).isEmpty();
        assertThat(OutboundAddresses.inetAton("256.1.1.1")).isEmpty();
        assertThat(OutboundAddresses.inetAton("example.com")).isEmpty();
    }

    @Test
    void theClientRefusesBeforeConnecting() {
        OutboundHttp http = new OutboundHttp(new OutboundProperties(false, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        for (String host : METADATA_SPELLINGS) {
            URI uri = URI.create("http://" + host + "/latest/meta-data");
            assertThatThrownBy(() -> http.postJson(uri, "{}", Map.of())).as(host).isInstanceOf(OutboundRefused.class);
        }
        assertThat(http.refusalOf(URI.create("ftp://example.com/"))).isPresent();
        assertThat(http.refusalOf(URI.create("http://user:pw@example.com/"))).isPresent();
    }

    @Test
    void theResolverChecksWhatANameResolvesTo() {
        assertThatThrownBy(() -> OutboundAddresses.resolveChecked("localhost", false))
                .isInstanceOf(OutboundRefused.class).hasMessageContaining("loopback");
    }
}
