package io.countersign.outbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the server's own outbound calls may go.
 *
 * @param allowLoopback  whether 127.0.0.0/8 and ::1 are acceptable targets; off by default, since a loopback callback
 *                       reaches the server's own admin ports. Tests and single-host setups turn it on
 * @param connectTimeout how long to wait for a receiver to accept the connection
 * @param requestTimeout how long to wait for its answer
 */
@ConfigurationProperties("countersign.outbound")
public record OutboundProperties(boolean allowLoopback, Duration connectTimeout, Duration requestTimeout) {

    public OutboundProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
    }
}
