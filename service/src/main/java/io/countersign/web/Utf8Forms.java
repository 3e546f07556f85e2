package io.countersign.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Form fields are read as strictly as JSON bodies: bytes that are not UTF-8 are refused with a 400 naming the field.
 * Tomcat decodes form fields and multipart text parts leniently, turning such bytes into U+FFFD, so a plan stored
 * from a form would not be what was sent. It runs before anything (Spring Security's CSRF check included) reads a
 * parameter; a url-encoded body is decoded here, strictly, and the request answers with those parameters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class Utf8Forms extends OncePerRequestFilter {

    /** Larger than any form of ours; Tomcat's own limit for form bodies is 2 MB. */
    private static final int MAX_FORM_BYTES = 2 * 1024 * 1024;

    private final ObjectMapper json;

    Utf8Forms(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Notifications (issue 13): Slack's interaction requests are verified over their exact bytes, so the endpoint
     * reads (and strictly decodes) the body itself.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/integrations/slack/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            decode(request.getQueryString());
            MediaType type = contentType(request);
            if (type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
                byte[] body = request.getInputStream().readNBytes(MAX_FORM_BYTES + 1);
                if (body.length > MAX_FORM_BYTES) {
                    refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, null, "the form is larger than " + MAX_FORM_BYTES
                            + " bytes");
                    return;
                }
                Map<String, List<String>> form = decode(new String(body, StandardCharsets.ISO_8859_1));
                chain.doFilter(new DecodedForm(request, form), response);
                return;
            }
            if (type != null && MediaType.MULTIPART_FORM_DATA.includes(type)) {
                checkTextParts(request);
            }
        } catch (NotUtf8 e) {
            refuse(response, HttpStatus.BAD_REQUEST, e.field, "is not valid UTF-8 text");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Uploaded files are the page's to judge (it names the file); every other part is a form field. */
    private static void checkTextParts(HttpServletRequest request) throws IOException, ServletException, NotUtf8 {
        List<Part> parts;
        try {
            parts = List.copyOf(request.getParts());
        } catch (IllegalStateException tooLargeOrNotMultipart) {
            return; // answered by the handler's multipart support, as before
        }
        for (Part part : parts) {
            if (part.getSubmittedFileName() == null) {
                try (var in = part.getInputStream()) {
                    strict(in.readAllBytes(), part.getName());
                }
            }
        }
    }

    /** Parameters of {@code a=1&b=%C3%A9}, decoded strictly; an empty or null string has none. */
    static Map<String, List<String>> decode(String encoded) throws NotUtf8 {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = strict(bytes(eq < 0 ? pair : pair.substring(0, eq)), null);
            String value = eq < 0 ? "" : strict(bytes(pair.substring(eq + 1)), name);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Percent-decodes to bytes; '+' is a space; a malformed escape is kept as typed, as Tomcat does. */
    private static byte[] bytes(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0
                    && hex(encoded.charAt(i + 2)) >= 0) {
                out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String strict(byte[] bytes, String field) throws NotUtf8 {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8(field == null ? "(a field name)" : field);
        }
    }

    private static MediaType contentType(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String field, String message)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                field == null ? message : field + ": " + message);
        problem.setTitle(status == HttpStatus.BAD_REQUEST ? "Invalid request" : "Request body too large");
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** A form field (or its name, when the name itself is unreadable) whose bytes are not UTF-8. */
    static final class NotUtf8 extends Exception {
        private final String field;

        NotUtf8(String field) {
            super(field + " is not valid UTF-8", null, false, false);
            this.field = field;
        }
    }

    /** The request as its body says, decoded here; the query string's parameters come first, as the servlet spec says. */
    private static final class DecodedForm extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters;

        DecodedForm(HttpServletRequest request, Map<String, List<String>> body) {
            super(request);
            // The body is consumed, so the container's parameters are the query string's only.
            Map<String, List<String>> all = new LinkedHashMap<>();
            request.getParameterMap().forEach((name, values) -> all.put(name, new ArrayList<>(List.of(values))));
            body.forEach((name, values) -> all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
            Map<String, String[]> merged = new LinkedHashMap<>();
            all.forEach((name, values) -> merged.put(name, values.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(merged);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }
}
