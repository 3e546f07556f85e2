package io.countersign.webhook;

import io.countersign.intake.PlanRejected;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Where a callback may go. The server makes these requests from inside the network, so a callback URL is a way to
 * reach what the agent cannot (SSRF): only http(s), no credentials, only allowed hosts, and never a link-local
 * address such as the cloud metadata service at 169.254.169.254.
 */
@Component
class CallbackTargets {

    private final WebhookProperties properties;

    CallbackTargets(WebhookProperties properties) {
        this.properties = properties;
    }

    /** Checks a callback URL at submit; refuses it as a problem with the {@code callbackUrl} field. */
    URI checkAtSubmit(String url) {
        URI uri = parse(url);
        if (!properties.allows(uri.getHost())) {
            throw refused("host " + uri.getHost() + " is not among countersign.webhooks.allowed-hosts");
        }
        if (isLiteralAddress(uri.getHost())) {
            refuseForbidden(uri.getHost());
        }
        return uri;
    }

    /**
     * Checks, just before sending, what the host resolves to now; a name can be pointed at an internal address after
     * it was accepted. Throws with the reason to record as the delivery's last error.
     */
    void checkBeforeSending(URI uri) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (forbidden(address)) {
                throw new IllegalStateException(uri.getHost() + " resolves to " + address.getHostAddress()
                        + ", a link-local, wildcard or multicast address");
            }
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("must not contain user info (credentials)");
        }
        if (uri.getHost() == null) {
            throw refused("must name a host");
        }
        return uri;
    }

    private static boolean isLiteralAddress(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static void refuseForbidden(String host) {
        try {
            if (forbidden(InetAddress.getByName(host))) {
                throw refused("must not point at a link-local, wildcard or multicast address");
            }
        } catch (UnknownHostException e) {
            throw refused("is not a valid address: " + host);
        }
    }

    private static boolean forbidden(InetAddress address) {
        return address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress();
    }

    private static PlanRejected refused(String reason) {
        return new PlanRejected("callbackUrl", reason);
    }
}
