package io.countersign.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.erdtman.jcs.JsonCanonicalizer;

/** Reads an export written by {@link ExportWriter} back into entries, one at a time. */
final class ExportReader {

    /** The file is not an export this reader understands. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportReader() {
    }

    /** Tells JSON from CSV by the first character: an export in JSON is an array. */
    static void read(Reader in, Consumer<AuditEntry> sink) throws Unreadable {
        try {
            var reader = new PushbackReader(new BufferedReader(in, 64 * 1024), 1);
            int first = reader.read();
            while (first == '\uFEFF' || (first != -1 && Character.isWhitespace(first))) {
                first = reader.read();
            }
            if (first == -1) {
                throw new Unreadable("the file is empty");
            }
            reader.unread(first);
            if (first == '[') {
                readJson(reader, sink);
            } else {
                readCsv(reader, sink);
            }
        } catch (IOException e) {
            throw new Unreadable("cannot read the file: " + e.getMessage(), e);
        }
    }

    private static void readJson(Reader in, Consumer<AuditEntry> sink) throws IOException, Unreadable {
        try (JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new Unreadable("a JSON export is an array of entries");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode node = JSON.readTree(parser);
                Map<String, String> fields = new HashMap<>();
                node.properties().forEach(field -> fields.put(field.getKey(),
                        field.getValue().isNull() ? null
                                : field.getValue().isContainerNode() ? field.getValue().toString()
                                : field.getValue().asText()));
                JsonNode details = node.get("details");
                if (details == null || !details.isObject()) {
                    throw new Unreadable("entry " + fields.get("seq") + " has no details object");
                }
                fields.put("details", new JsonCanonicalizer(details.toString()).getEncodedString());
                sink.accept(entry(fields));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new Unreadable("a JSON export is an array of entry objects");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new Unreadable("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void readCsv(Reader in, Consumer<AuditEntry> sink) throws IOException, Unreadable {
        var csv = new CsvRecords(in);
        List<String> header = csv.next();
        if (header == null || !header.containsAll(ExportFormat.FIELDS)) {
            throw new Unreadable("the CSV header must name " + String.join(",", ExportFormat.FIELDS));
        }
        List<String> row;
        while ((row = csv.next()) != null) {
            if (row.size() != header.size()) {
                throw new Unreadable("line " + csv.line() + " has " + row.size() + " fields, the header "
                        + header.size());
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), row.get(i));
            }
            sink.accept(entry(fields));
        }
    }

    private static AuditEntry entry(Map<String, String> f) throws Unreadable {
        try {
            return new AuditEntry(Long.valueOf(f.get("seq")), Long.parseLong(f.get("id")),
                    Instant.parse(f.get("occurredAt")), f.get("type"), f.get("requestId"), f.get("actor"),
                    f.get("actorKind"), f.get("remoteAddress"), f.get("planHash"), f.get("agentId"),
                    f.get("requestedBy"), f.get("service"), f.get("environment"), f.get("tier"), f.get("outcome"),
                    f.get("comment"), f.get("details"), f.get("prevHash"), f.get("hash"));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            throw new Unreadable("an entry has a missing or malformed seq, id or occurredAt near seq " + f.get("seq"),
                    e);
        }
    }

    /** RFC 4180 records, keeping the difference between an empty unquoted field (null) and "" (empty string). */
    private static final class CsvRecords {
        private final Reader in;
        private long line = 0;
        private int peeked = -2;

        CsvRecords(Reader in) {
            this.in = in;
        }

        long line() {
            return line;
        }

        List<String> next() throws IOException, Unreadable {
            int c = read();
            if (c == -1) {
                return null;
            }
            line++;
            List<String> fields = new ArrayList<>();
            var value = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (c == '"' && value.isEmpty() && !quoted) {
                    quoted = true;
                    c = readQuoted(value);
                } else if (c == ',' || c == '\r' || c == '\n' || c == -1) {
                    fields.add(quoted ? value.toString() : value.isEmpty() ? null : value.toString());
                    value.setLength(0);
                    quoted = false;
                    if (c == ',') {
                        c = read();
                        continue;
                    }
                    if (c == '\r' && peek() == '\n') {
                        read();
                    }
                    return fields;
                } else if (quoted) {
                    throw new Unreadable("line " + line + ": text after a closing quote");
                } else {
                    value.append((char) c);
                    c = read();
                }
            }
        }

        /** Reads a quoted field's content; returns the character after the closing quote. */
        private int readQuoted(StringBuilder value) throws IOException, Unreadable {
            while (true) {
                int c = read();
                if (c == -1) {
                    throw new Unreadable("line " + line + ": a quoted field is not closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next != '"') {
                        return next;
                    }
                }
                value.append((char) c);
            }
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = in.read();
            }
            return peeked;
        }
    }
}
