package io.countersign.ui.inbox;

import io.countersign.ui.shared.Tier;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.web.util.UriComponentsBuilder;

/** The inbox's filter form; a blank or unknown value means "any". */
public record InboxFilter(Tier tier, String service, String environment) {

    static InboxFilter of(String tier, String service, String environment) {
        return new InboxFilter(parseTier(tier), blankToNull(service), blankToNull(environment));
    }

    public boolean matches(InboxItem item) {
        return (tier == null || tier == item.tier())
                && (service == null || service.equals(item.service()))
                && (environment == null || environment.equals(item.environment()));
    }

    public boolean isEmpty() {
        return tier == null && service == null && environment == null;
    }

    /** The inbox URL with this filter, for redirects and the periodic refresh. */
    public String inboxUrl() {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/");
        Optional.ofNullable(tier).ifPresent(t -> url.queryParam("tier", t.name()));
        Optional.ofNullable(service).ifPresent(s -> url.queryParam("service", s));
        Optional.ofNullable(environment).ifPresent(e -> url.queryParam("environment", e));
        return url.encode().build().toUriString();
    }

    private static Tier parseTier(String value) {
        return Arrays.stream(Tier.values()).filter(t -> t.name().equalsIgnoreCase(value)).findFirst().orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
