package io.countersign.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Writes entries to an export as they arrive, holding none of them. */
abstract sealed class ExportWriter implements Consumer<AuditEntry>, AutoCloseable {

    static ExportWriter open(ExportFormat format, OutputStream out) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        return format == ExportFormat.CSV ? new Csv(writer) : new Json(writer);
    }

    @Override
    public final void accept(AuditEntry entry) {
        try {
            write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract void write(AuditEntry entry) throws IOException;

    @Override
    public abstract void close() throws IOException;

    private static final class Csv extends ExportWriter {
        private final Writer out;

        Csv(Writer out) throws IOException {
            this.out = out;
            out.write(String.join(",", ExportFormat.FIELDS));
            out.write("\r\n");
        }

        @Override
        void write(AuditEntry e) throws IOException {
            out.write(String.valueOf(e.seq()));
            out.write(',');
            out.write(String.valueOf(e.id()));
            for (String value : new String[] {e.occurredAt().toString(), e.type(), e.requestId(), e.actor(),
                    e.actorKind(), e.remoteAddress(), e.planHash(), e.agentId(), e.requestedBy(), e.service(),
                    e.environment(), e.tier(), e.outcome(), e.comment(), e.details(), e.prevHash(), e.hash()}) {
                out.write(',');
                if (value != null) {
                    out.write('"');
                    out.write(value.replace("\"", "\"\""));
                    out.write('"');
                }
            }
            out.write("\r\n");
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class Json extends ExportWriter {
        private final JsonGenerator json;

        Json(Writer out) throws IOException {
            json = new JsonFactory().createGenerator(out);
            json.writeStartArray();
        }

        @Override
        void write(AuditEntry e) throws IOException {
            json.writeRaw('\n');
            json.writeStartObject();
            json.writeNumberField("seq", e.seq());
            json.writeNumberField("id", e.id());
            json.writeStringField("occurredAt", e.occurredAt().toString());
            json.writeStringField("type", e.type());
            json.writeStringField("requestId", e.requestId());
            json.writeStringField("actor", e.actor());
            json.writeStringField("actorKind", e.actorKind());
            json.writeStringField("remoteAddress", e.remoteAddress());
            json.writeStringField("planHash", e.planHash());
            json.writeStringField("agentId", e.agentId());
            json.writeStringField("requestedBy", e.requestedBy());
            json.writeStringField("service", e.service());
            json.writeStringField("environment", e.environment());
            json.writeStringField("tier", e.tier());
            json.writeStringField("outcome", e.outcome());
            json.writeStringField("comment", e.comment());
            json.writeFieldName("details");
            json.writeRawValue(e.details());
            json.writeStringField("prevHash", e.prevHash());
            json.writeStringField("hash", e.hash());
            json.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            json.writeRaw('\n');
            json.writeEndArray();
            json.flush();
        }
    }
}
