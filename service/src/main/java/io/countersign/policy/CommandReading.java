package io.countersign.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an action's command for destructive intent. It recognises honest commands under a wrong label ("UPDATE" that
 * runs {@code terraform destroy}); it cannot see through deliberate obfuscation (an encoded script), which is why the
 * approver always sees the command itself.
 */
final class CommandReading {

    private final Map<String, Pattern> patterns = new LinkedHashMap<>();

    CommandReading(Map<String, String> destructiveCommands) {
        destructiveCommands.forEach((does, regex) -> {
            try {
                patterns.put(does, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("countersign.policy.evidence.destructive-commands." + does
                        + " is not a valid regular expression: " + e.getDescription(), e);
            }
        });
    }

    /** What the command was recognised doing, e.g. {@code deletes} and the text that matched. */
    record Destructive(String does, String matched) {
    }

    Optional<Destructive> read(String command) {
        for (Map.Entry<String, Pattern> pattern : patterns.entrySet()) {
            Matcher matcher = pattern.getValue().matcher(command);
            if (matcher.find()) {
                return Optional.of(new Destructive(pattern.getKey(), matcher.group()));
            }
        }
        return Optional.empty();
    }
}
