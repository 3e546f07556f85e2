package io.countersign.webhook;

import io.countersign.intake.PlanRejected;
import io.countersign.outbound.OutboundHttp;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.stereotype.Component;

/**
 * Where a callback may go. The server makes these requests from inside the network, so a callback URL is a way to
 * reach what the agent cannot (SSRF): only http(s), no credentials, only allowed hosts, and never a link-local,
 * metadata, wildcard or multicast address in any spelling ({@code [::169.254.169.254]}, {@code 0xa9fea9fe}...).
 * What a name resolves to is checked when the callback is sent, by the shared {@link OutboundHttp} client, which
 * connects only to the addresses it checked.
 */
@Component
class CallbackTargets {

    private final WebhookProperties properties;
    private final OutboundHttp outbound;

    CallbackTargets(WebhookProperties properties, OutboundHttp outbound) {
        this.properties = properties;
        this.outbound = outbound;
    }

    /** Checks a callback URL at submit; refuses it as a problem with the {@code callbackUrl} field. */
    URI checkAtSubmit(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("is not a valid URL: " + e.getReason());
        }
        outbound.refusalOf(uri).ifPresent(why -> {
            throw refused(why.startsWith("must") ? why : "must not point there: " + why);
        });
        if (!properties.allows(uri.getHost())) {
            throw refused("host " + uri.getHost() + " is not among countersign.webhooks.allowed-hosts");
        }
        return uri;
    }

    private static PlanRejected refused(String reason) {
        return new PlanRejected("callbackUrl", reason);
    }
}
