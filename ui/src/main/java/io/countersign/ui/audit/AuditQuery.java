package io.countersign.ui.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Audit page's filters as typed. Names match the audit API's query parameters, so the same filters work for
 * the page, its "next page" links and the export. Times are UTC.
 */
public record AuditQuery(String from, String to, String requestId, String agent, String engineer, String approver,
                         String service, String environment, String tier, String type, String outcome,
                         String operation, String resource, String title, String text) {

    /** What a {@code datetime-local} input sends: no zone, seconds optional. */
    private static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

    public AuditQuery {
        from = clean(from);
        to = clean(to);
        requestId = clean(requestId);
        agent = clean(agent);
        engineer = clean(engineer);
        approver = clean(approver);
        service = clean(service);
        environment = clean(environment);
        tier = clean(tier);
        type = clean(type);
        outcome = clean(outcome);
        operation = clean(operation);
        resource = clean(resource);
        title = clean(title);
        text = clean(text);
    }

    /** The filters of one request's timeline. */
    public static AuditQuery ofRequest(String requestId) {
        return new AuditQuery(null, null, requestId, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    public static AuditQuery none() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The filters that are set, by API parameter name, with the time range as ISO-8601 instants. */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "from", instant(from));
        put(params, "to", instant(to));
        put(params, "requestId", requestId);
        put(params, "agent", agent);
        put(params, "engineer", engineer);
        put(params, "approver", approver);
        put(params, "service", service);
        put(params, "environment", environment);
        put(params, "tier", tier);
        put(params, "type", type);
        put(params, "outcome", outcome);
        put(params, "operation", operation);
        put(params, "resource", resource);
        put(params, "title", title);
        put(params, "text", text);
        return params;
    }

    public boolean isEmpty() {
        return params().isEmpty();
    }

    /** {@code path} with these filters (as typed, so the form refills) and any extra parameters. */
    public String url(String path, String... extra) {
        var uri = UriComponentsBuilder.fromPath(path);
        put(uri, "from", from);
        put(uri, "to", to);
        params().forEach((name, value) -> {
            if (!name.equals("from") && !name.equals("to")) {
                uri.queryParam(name, value);
            }
        });
        for (int i = 0; i + 1 < extra.length; i += 2) {
            uri.queryParam(extra[i], extra[i + 1]);
        }
        return uri.encode().build().toUriString();
    }

    /** The export link: the API parameter form, because the export reads instants, not form input. */
    public String exportUrl(String format) {
        var uri = UriComponentsBuilder.fromPath("/audit/export");
        params().forEach(uri::queryParam);
        uri.queryParam("format", format);
        return uri.encode().build().toUriString();
    }

    private static String instant(String value) {
        if (value == null || !LOCAL_TIME.matcher(value).matches()) {
            return value;
        }
        return (value.length() == 16 ? value + ":00" : value) + "Z";
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static void put(UriComponentsBuilder uri, String name, String value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
