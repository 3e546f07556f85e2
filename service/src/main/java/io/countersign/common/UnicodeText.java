package io.countersign.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Text must be well-formed Unicode before it is stored or hashed: a Java string can hold an unpaired surrogate (from a
 * JSON escape of U+D800, or raw), which has no UTF-8 form, so a command ending in one and {@code "echo ?"} would hash
 * alike and a later read could fail. Every channel that takes text (the JSON API, the web forms, uploads, later
 * MCP) asks this one place.
 */
public final class UnicodeText {

    /** What every channel says about such text. */
    public static final String PROBLEM = "is not valid Unicode text: it contains an unpaired surrogate";

    /** Enough to fix a body; as many as the API lists for any other problem. */
    public static final int MAX_REPORTED = 50;

    private static final JsonFactory JSON = new JsonFactory();

    private UnicodeText() {
    }

    /** The index of the first unpaired surrogate, or -1 when the text is well-formed. */
    public static int firstUnpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isWellFormed(CharSequence text) {
        return text == null || firstUnpairedSurrogate(text) < 0;
    }

    /**
     * The JSON paths ({@code actions[0].command}) of the string values and field names of a JSON document that are
     * not well-formed (at most {@value #MAX_REPORTED}), in document order; empty when all are. A document that is not
     * JSON is left to its reader to refuse.
     */
    public static List<String> illFormedJsonText(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return illFormed(parser);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** As {@link #illFormedJsonText(byte[])}, for a document already held as text (a pasted plan). */
    public static List<String> illFormedJsonText(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return illFormed(parser);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** As {@link #illFormedJsonText(byte[])}, over any token stream (e.g. an object written as a tree). */
    public static List<String> illFormed(JsonParser parser) throws IOException {
        List<String> fields = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != null && fields.size() < MAX_REPORTED;
             token = parser.nextToken()) {
            if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                    && !isWellFormed(parser.getText())) {
                fields.add(path(parser.getParsingContext()));
            }
        }
        return fields;
    }

    private static String path(JsonStreamContext innermost) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.getCurrentName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            }
        }
        return path.toString();
    }
}
