package io.countersign.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.countersign.support.Plans;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Generates malformed plan submissions: every field of a valid plan broken in every way that applies to it, plus
 * bodies that are not JSON, not UTF-8, too deep, too large, or sent with the wrong content type.
 */
final class MalformedSubmissions {

    /** One malformed submission. A null content type sends none. */
    record Case(String name, String contentType, byte[] body, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HUGE = "x".repeat(100_000);
    private static final String JSON_TYPE = "application/json";

    private static final List<String> REQUIRED_TEXT = List.of("title", "justification", "requestedBy", "service",
            "environment");
    private static final List<String> PATTERNED_TEXT = List.of("requestedBy", "service", "environment");
    private static final List<String> ACTION_REQUIRED_TEXT = List.of("resourceType", "resource", "command");
    private static final List<String> ENUMS = List.of("operation", "scope");

    private final List<Case> cases = new ArrayList<>();

    static List<Case> all() {
        MalformedSubmissions generator = new MalformedSubmissions();
        generator.fields();
        generator.actions();
        generator.unknownFields();
        generator.bodies();
        generator.contentTypes();
        generator.headers();
        return generator.cases;
    }

    private void fields() {
        for (String field : REQUIRED_TEXT) {
            brokenText("", field, true);
        }
        for (String field : PATTERNED_TEXT) {
            for (String value : List.of("Not A Name", "../../etc/passwd", "-leading", "ü-umlaut", "a".repeat(101),
                    "semi;colon", "new\nline")) {
                edit(field + " as " + abbreviate(value), p -> p.put(field, value));
            }
        }
        for (String value : List.of("ALICE-PROD", "Prod", "UPPER")) {
            edit("service as " + value, p -> p.put("service", value));
            edit("environment as " + value, p -> p.put("environment", value));
        }
        edit("requestedBy someone else", p -> p.put("requestedBy", "bob"));
        for (String value : List.of("", "   ", "ftp://example.com/hook", "file:///etc/passwd", "//example.com/hook",
                "/hook", "http://user:pw@example.com/hook", "http:///hook", "http://exa mple.com/",
                "gopher://127.0.0.1:25/", "https://example.com/" + "x".repeat(2000), HUGE)) {
            edit("callbackUrl as " + abbreviate(value), p -> p.put("callbackUrl", value));
        }
        for (JsonNode value : List.of(NODES.numberNode(42), NODES.booleanNode(true), NODES.arrayNode(),
                NODES.objectNode(), array("https://example.com/hook"))) {
            edit("callbackUrl as " + describe(value), p -> p.set("callbackUrl", value));
        }
        for (String field : List.of("id", "name")) {
            brokenText("agent.", field, true);
        }
        edit("agent.id with spaces", p -> ((ObjectNode) p.get("agent")).put("id", "kiro 7"));
        for (JsonNode value : List.of(NODES.textNode("kiro"), NODES.numberNode(7), NODES.arrayNode(),
                NODES.objectNode(), NODES.booleanNode(true))) {
            edit("agent as " + value.getNodeType(), p -> p.set("agent", value));
        }
        for (JsonNode value : List.of(NODES.textNode(HUGE), NODES.numberNode(42), NODES.arrayNode(),
                NODES.objectNode(), NODES.textNode("no-such-request"), NODES.booleanNode(false))) {
            edit("revisionOf as " + describe(value), p -> p.set("revisionOf", value));
        }
    }

    private void actions() {
        for (int index : new int[] {0, 1, 2}) {
            String at = "actions[" + index + "].";
            for (String field : ACTION_REQUIRED_TEXT) {
                brokenText(at, field, true);
            }
            for (String field : ENUMS) {
                for (JsonNode value : List.of(NODES.textNode("NUKE"), NODES.textNode(""), NODES.textNode("delete"),
                        NODES.numberNode(3), NODES.nullNode(), NODES.arrayNode(), NODES.booleanNode(true))) {
                    action(index, at + field + " as " + describe(value), a -> a.set(field, value));
                }
                action(index, at + field + " missing", a -> a.remove(field));
            }
            for (JsonNode value : List.of(NODES.textNode("yes"), NODES.textNode("true"), NODES.numberNode(1),
                    NODES.nullNode(), NODES.arrayNode(), NODES.objectNode())) {
                action(index, at + "reversible as " + describe(value), a -> a.set("reversible", value));
            }
            action(index, at + "reversible missing", a -> a.remove("reversible"));
            for (JsonNode value : List.of(NODES.textNode("eu-west-1"), array(""), array((String) null),
                    array("x".repeat(51)), NODES.arrayNode().add(42), NODES.objectNode(), NODES.numberNode(1),
                    array(new String[51]))) {
                action(index, at + "regions as " + describe(value), a -> a.set("regions", value));
            }
            for (JsonNode value : List.of(NODES.textNode(HUGE), NODES.numberNode(42), NODES.arrayNode(),
                    NODES.objectNode())) {
                action(index, at + "rollbackPlan as " + describe(value), a -> a.set("rollbackPlan", value));
            }
        }
        for (JsonNode value : List.of(NODES.arrayNode(), NODES.objectNode(), NODES.textNode("restart"),
                NODES.nullNode(), NODES.numberNode(1), NODES.arrayNode().addNull(), NODES.arrayNode().add(42),
                NODES.arrayNode().add("x"), NODES.arrayNode().add(NODES.arrayNode()))) {
            edit("actions as " + describe(value), p -> p.set("actions", value));
        }
        edit("actions missing", p -> p.remove("actions"));
        edit("101 actions", p -> p.set("actions", repeat(p.get("actions").get(0), 101)));
        edit("5000 empty actions", p -> p.set("actions", repeat(NODES.objectNode(), 5000)));
        edit("5000 full actions", p -> p.set("actions", repeat(p.get("actions").get(0), 5000)));
    }

    private void unknownFields() {
        for (String name : List.of("unknown", "Title", "__proto__", "constructor", "tier", "status", "planHash",
                "approvalToken", "id", "submittedBy", "approvers", "approved", "risk", "approvalExpiresAt",
                "executionOutcome", "agentId")) {
            edit("unknown field " + name, p -> p.put(name, "x"));
            action(0, "unknown action field " + name, a -> a.put(name, "x"));
        }
        edit("unknown agent field", p -> ((ObjectNode) p.get("agent")).put("kind", "HUMAN"));
        for (int depth : new int[] {50, 999, 2000, 20_000}) {
            deep("unknown field nested " + depth + " deep", "extra", depth);
            deep("title nested " + depth + " deep", "title", depth);
            deep("agent nested " + depth + " deep", "agent", depth);
        }
    }

    private void bodies() {
        String valid = write(base());
        for (String text : List.of("", " ", "null", "[]", "[{}]", "42", "\"plan\"", "true", "{", "}", "{}",
                "{\"title\":", valid.substring(0, valid.length() / 2), valid + "xyz", valid + valid,
                valid.replaceFirst("\\{", "{\"title\":\"a\","), valid.replace("\"", "'"),
                "/* comment */" + valid, valid.replaceFirst("\"reversible\":true", "\"reversible\":NaN"),
                valid.replaceFirst("\"reversible\":true", "\"reversible\":tru"),
                valid.replaceFirst("\\[", "[,"), "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1"
                        + "}".repeat(3000), "\u0000", valid.replace(":", "="))) {
            cases.add(new Case("body " + abbreviate(text), JSON_TYPE, text.getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        byte[][] invalidUtf8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
        for (byte[] bad : invalidUtf8) {
            for (String field : List.of("title", "justification", "requestedBy", "service", "environment")) {
                byte[] body = write(base()).replaceFirst("\"" + field + "\":\"", "\"" + field + "\":\"@@")
                        .getBytes(StandardCharsets.UTF_8);
                cases.add(new Case("invalid UTF-8 " + hex(bad) + " in " + field, JSON_TYPE, splice(body, bad), Map.of()));
            }
        }
        byte[] twoMiB = ("{\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("2 MiB body", JSON_TYPE, twoMiB, Map.of()));
    }

    private void contentTypes() {
        byte[] valid = write(base()).getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "text/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "image/png",
                "application/yaml", "application/cbor", "application/json-patch+json", "application/javascript",
                "application/vnd.api+json")) {
            cases.add(new Case("content type " + type, type, valid, Map.of()));
        }
        cases.add(new Case("no content type", null, valid, Map.of()));
    }

    private void headers() {
        byte[] valid = write(base()).getBytes(StandardCharsets.UTF_8);
        for (String key : List.of("has space", "k".repeat(201), "tab\tinside")) {
            cases.add(new Case("Idempotency-Key " + abbreviate(key), JSON_TYPE, valid, Map.of("Idempotency-Key", key)));
        }
    }

    /** Every way a required text field can be wrong. */
    private void brokenText(String prefix, String field, boolean required) {
        List<JsonNode> values = new ArrayList<>(List.of(NODES.nullNode(), NODES.textNode(""), NODES.textNode("   "),
                NODES.textNode(HUGE), NODES.numberNode(42), NODES.numberNode(4.2), NODES.booleanNode(true),
                NODES.arrayNode(), NODES.objectNode(), array("x"), NODES.numberNode(-1),
                NODES.numberNode(new java.math.BigInteger("9".repeat(400))), NODES.arrayNode().add(NODES.arrayNode())));
        for (JsonNode value : values) {
            at(prefix, prefix + field + " as " + describe(value), node -> node.set(field, value));
        }
        if (required) {
            at(prefix, prefix + field + " missing", node -> node.remove(field));
        }
    }

    private void at(String prefix, String name, Consumer<ObjectNode> change) {
        if (prefix.isEmpty()) {
            edit(name, change);
        } else if (prefix.startsWith("agent")) {
            edit(name, p -> change.accept((ObjectNode) p.get("agent")));
        } else {
            action(Character.getNumericValue(prefix.charAt("actions[".length())), name, change);
        }
    }

    private void action(int index, String name, Consumer<ObjectNode> change) {
        edit(name, p -> change.accept((ObjectNode) p.get("actions").get(index)));
    }

    private void edit(String name, Consumer<ObjectNode> change) {
        ObjectNode plan = base();
        change.accept(plan);
        cases.add(new Case(name, JSON_TYPE, write(plan).getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    /** A valid plan with three actions, so a broken later action is found too. */
    private static ObjectNode base() {
        Map<String, Object> plan = Plans.productionRestart("alice");
        @SuppressWarnings("unchecked")
        List<Object> actions = (List<Object>) plan.get("actions");
        actions.add(Plans.action("SCALE", "REGION", true, "eu-west-1"));
        actions.add(Plans.action("CONFIG_CHANGE", "RESOURCE", true, "eu-west-1"));
        return JSON.valueToTree(plan);
    }

    private static ArrayNode repeat(JsonNode element, int times) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < times; i++) {
            array.add(element.deepCopy());
        }
        return array;
    }

    private static ArrayNode array(String... values) {
        ArrayNode array = NODES.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** Nesting built as text: Jackson itself refuses to write documents this deep. */
    private void deep(String name, String field, int depth) {
        ObjectNode plan = base();
        plan.put(field, "@@DEEP@@");
        String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String text = write(plan).replace("\"@@DEEP@@\"", nested);
        cases.add(new Case(name, JSON_TYPE, text.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    private static byte[] splice(byte[] body, byte[] bad) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("@@");
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + 2).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(JsonNode value) {
        return abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
