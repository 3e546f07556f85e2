package io.countersign.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service reads a plan instead of believing its labels: which commands read as destructive, which resources
 * the inventory places in which environment, and the Java safety floors. See docs/risk-policy.md.
 *
 * @param destructiveCommands what a command does → a regular expression (case-insensitive) that recognises it. Merged
 *                            over {@link #DEFAULT_DESTRUCTIVE_COMMANDS} by name: a configured name replaces that default,
 *                            an empty expression switches it off, a new name adds one
 * @param inventory           resource patterns → environment, checked after {@link #DEFAULT_INVENTORY} unless
 *                            {@code defaultInventory} is false
 * @param defaultInventory    whether the built-in inventory rules (resource ids such as {@code *-prod-*}) apply
 * @param floors              the Java safety floors under the DMN
 */
@ConfigurationProperties("countersign.policy.evidence")
public record RiskEvidenceProperties(
        @DefaultValue Map<String, String> destructiveCommands,
        @DefaultValue List<InventoryRule> inventory,
        @DefaultValue("true") boolean defaultInventory,
        @DefaultValue Floors floors) {

    /**
     * Word-bounded so that {@code undelete}, {@code dropdown} or {@code deleted_at} are not read as deletions; an
     * option such as {@code --rm} or {@code --force-color} is not the verb it contains.
     */
    public static final Map<String, String> DEFAULT_DESTRUCTIVE_COMMANDS = defaults(
            "destroys", "\\bdestroy\\b",
            "deletes", "(?<![\\w-])delete\\b|--delete\\b|\\bhelm\\s+(uninstall|delete)\\b",
            "removes", "(?<![\\w-])(rm|rmdir|unlink|shred)(?![\\w-])",
            "drops", "\\bdrop\\b",
            "truncates", "\\btruncate\\b",
            "purges", "\\bpurge\\b",
            "terminates", "\\bterminate(-instances?)?\\b",
            "wipes", "\\b(wipe|wipefs|mkfs(\\.\\w+)?)\\b|\\bdd\\s+if=",
            "recreates", "(?<![\\w-])-replace\\b|\\bterraform\\s+taint\\b",
            "forces", "(?<![\\w-])--force(?![\\w-])");

    /** Demo inventory: resource ids that name production (or staging) are that environment, whatever is declared. */
    public static final List<InventoryRule> DEFAULT_INVENTORY = List.of(
            new InventoryRule("prod-*", null, "production"),
            new InventoryRule("*-prod", null, "production"),
            new InventoryRule("*-prod-*", null, "production"),
            new InventoryRule("*-production*", null, "production"),
            new InventoryRule("*-staging*", null, "staging"));

    public RiskEvidenceProperties {
        destructiveCommands = merged(destructiveCommands);
        inventory = defaultInventory
                ? java.util.stream.Stream.concat(DEFAULT_INVENTORY.stream(), inventory.stream()).toList()
                : List.copyOf(inventory);
    }

    /**
     * One inventory entry: a glob ({@code *} any run of characters, {@code ?} one) on the resource id, the resource
     * type, or both (then both must match), case-insensitive.
     */
    public record InventoryRule(String resource, String resourceType, String environment) {

        public InventoryRule {
            if ((resource == null || resource.isBlank()) && (resourceType == null || resourceType.isBlank())) {
                throw new IllegalArgumentException("an inventory rule needs a resource or a resourceType pattern");
            }
            if (!Environments.isKnown(environment)) {
                throw new IllegalArgumentException("inventory environment must be one of " + Environments.BY_SEVERITY
                        + ", was " + environment);
            }
        }

        /** How the explanation names this rule. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            if (resource != null && !resource.isBlank()) {
                text.append("resource ").append(resource);
            }
            if (resourceType != null && !resourceType.isBlank()) {
                text.append(text.isEmpty() ? "" : ", ").append("type ").append(resourceType);
            }
            return text.append(" → ").append(environment).toString();
        }
    }

    /**
     * The last line under the DMN: a destructive, {@code PERMISSION_CHANGE} or {@code GLOBAL} action in production is
     * never below CRITICAL. A floor routes like the DMN's CRITICAL rows (two approvals, owning team and SRE, comment
     * required); its durations default to theirs and a test keeps them in step.
     */
    public record Floors(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT1H") Duration slaDuration,
            @DefaultValue("PT24H") Duration expiryDuration,
            @DefaultValue("PT2H") Duration approvalWindow) {
    }

    private static Map<String, String> merged(Map<String, String> configured) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULT_DESTRUCTIVE_COMMANDS);
        configured.forEach((name, regex) -> {
            if (regex == null || regex.isBlank()) {
                merged.remove(name);
            } else {
                merged.put(name, regex);
            }
        });
        return java.util.Collections.unmodifiableMap(merged);
    }

    private static Map<String, String> defaults(String... nameThenRegex) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenRegex.length; i += 2) {
            map.put(nameThenRegex[i], nameThenRegex[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
