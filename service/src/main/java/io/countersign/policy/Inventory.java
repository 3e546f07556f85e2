package io.countersign.policy;

import io.countersign.policy.RiskEvidenceProperties.InventoryRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where the configured inventory says a resource lives, whatever the plan declares. */
final class Inventory {

    private record Entry(InventoryRule rule, Pattern resource, Pattern resourceType) {

        boolean matches(String resourceType, String resource) {
            return (this.resource == null || this.resource.matcher(resource).matches())
                    && (this.resourceType == null || this.resourceType.matcher(resourceType).matches());
        }
    }

    /** The environment the inventory places a resource in, and the rule that says so. */
    record Placement(String environment, InventoryRule rule) {
    }

    private final List<Entry> entries = new ArrayList<>();

    Inventory(List<InventoryRule> rules) {
        rules.forEach(rule -> entries.add(new Entry(rule, glob(rule.resource()), glob(rule.resourceType()))));
    }

    /** The most severe environment any rule places the resource in. */
    Optional<Placement> place(String resourceType, String resource) {
        Placement found = null;
        for (Entry entry : entries) {
            if (entry.matches(resourceType, resource) && (found == null
                    || Environments.BY_SEVERITY.indexOf(entry.rule().environment())
                    > Environments.BY_SEVERITY.indexOf(found.environment()))) {
                found = new Placement(entry.rule().environment(), entry.rule());
            }
        }
        return Optional.ofNullable(found);
    }

    private static Pattern glob(String glob) {
        if (glob == null || glob.isBlank()) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
