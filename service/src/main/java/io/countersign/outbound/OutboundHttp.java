package io.countersign.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts to receivers others named (agent callbacks, chat webhooks). The host is resolved once by our resolver, every
 * address it yields is checked ({@link OutboundAddresses}), and the connection goes to those same addresses, so a
 * name cannot be re-pointed at an internal address between the check and the connect (DNS rebinding). TLS still
 * verifies the certificate against the host name. No redirects are followed and no proxy is used: either would send
 * the request somewhere nobody checked.
 */
@Component
public class OutboundHttp implements DisposableBean {

    /** What the receiver answered; the body is cut to a few kilobytes. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private static final int MAX_ANSWER = 4096;

    private final OutboundProperties properties;
    private final CloseableHttpClient http;

    OutboundHttp(OutboundProperties properties) {
        this.properties = properties;
        DnsResolver checked = new CheckedResolver(properties.allowLoopback());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(Timeout.of(properties.requestTimeout()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(properties.requestTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    /**
     * Why a URL must not be called, judged by what can be seen without DNS: scheme, credentials, and a host that is a
     * metadata name or a forbidden literal address in any spelling. Empty if it may be tried.
     */
    public Optional<String> refusalOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain user info (credentials)");
        }
        if (uri.getHost() == null) {
            return Optional.of("must name a host");
        }
        return OutboundAddresses.refusalOfName(uri.getHost(), properties.allowLoopback());
    }

    /** Posts a JSON body; throws {@link OutboundRefused} for a target that must not be called, before connecting. */
    public Answer postJson(URI uri, String body, Map<String, String> headers) throws IOException {
        Optional<String> refused = refusalOf(uri);
        if (refused.isPresent()) {
            throw new OutboundRefused(refused.get());
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        return http.execute(post, response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return new Answer(response.getCode(), text.length() > MAX_ANSWER ? text.substring(0, MAX_ANSWER) : text);
        });
    }

    /** GET with headers, for APIs we call ourselves (e.g. Slack's users.info); the same checks apply. */
    public Answer get(URI uri, Map<String, String> headers) throws IOException {
        Optional<String> refused = refusalOf(uri);
        if (refused.isPresent()) {
            throw new OutboundRefused(refused.get());
        }
        var get = new org.apache.hc.client5.http.classic.methods.HttpGet(uri);
        headers.forEach(get::setHeader);
        return http.execute(get, response -> new Answer(response.getCode(), response.getEntity() == null ? ""
                : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }

    /** The only resolver the client uses: one lookup, every address checked, the checked ones connected to. */
    private record CheckedResolver(boolean allowLoopback) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return OutboundAddresses.resolveChecked(host, allowLoopback);
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    }
}
