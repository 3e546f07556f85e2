package io.countersign.security;

import io.countersign.audit.AuditEvent;
import io.countersign.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admins changing the directory: who exists, their roles, their approver groups, whether they may sign in. Each
 * change is audited with who made it and the entry before and after. Being read on every request, a change applies
 * to live sessions at once.
 */
@Service
public class People {

    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final UserDirectory users;
    private final AuditLog audit;

    People(UserDirectory users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    /** What an admin sets on a person. */
    public record PersonChange(String displayName, Set<String> roles, Set<String> approverGroups, boolean enabled) {
        public PersonChange {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            approverGroups = approverGroups == null ? Set.of() : Set.copyOf(approverGroups);
        }
    }

    @Transactional
    public UserDirectory.Person put(String username, PersonChange change, Actor admin) {
        PersonName name = PersonName.parse(username)
                .orElseThrow(() -> new InvalidPerson("username", "must be a user name (letters, digits, . _ @ -)"));
        for (String role : change.roles()) {
            if (!Roles.HUMAN.contains(role)) {
                throw new InvalidPerson("roles", role + " is not one of " + Roles.HUMAN.stream().sorted().toList());
            }
        }
        for (String group : change.approverGroups()) {
            if (!GROUP.matcher(group).matches()) {
                throw new InvalidPerson("approverGroups", "must be lower-case group names");
            }
        }
        Set<String> roles = new LinkedHashSet<>(change.roles().stream().sorted().toList());
        Set<String> groups = new LinkedHashSet<>(change.approverGroups().stream().sorted().toList());
        Optional<UserDirectory.Person> before = users.put(name, change.displayName(), roles, groups, change.enabled());
        UserDirectory.Person after = users.find(name.value()).orElseThrow();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("username", name.value());
        details.put("before", before.map(People::describe).orElse(Map.of()));
        details.put("after", describe(after));
        audit.append(new AuditEvent("PERSON_CHANGED", null, admin.name(), admin.kind(), admin.remoteAddress(), null,
                null, name.value(), null, null, null, null, null, details));
        return after;
    }

    private static Map<String, Object> describe(UserDirectory.Person person) {
        return Map.of("roles", person.roles().stream().sorted().toList(),
                "approverGroups", person.groups().stream().sorted().toList(),
                "enabled", person.enabled());
    }

    /** A field of a person is not acceptable. */
    public static final class InvalidPerson extends RuntimeException {
        private final String field;

        InvalidPerson(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
