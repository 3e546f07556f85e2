package io.countersign.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * People who log in: their hashed password, roles and approver groups, from the database. Names are looked up and
 * stored in their canonical form ({@link PersonName}), so every spelling of a name reaches the same person.
 */
@Component
public class UserDirectory implements UserDetailsService {

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A person as the directory knows them now. */
    public record Person(PersonName name, Set<String> roles, Set<String> groups, boolean enabled) {
        public Person {
            roles = Set.copyOf(roles);
            groups = Set.copyOf(groups);
        }

        public boolean hasRole(String role) {
            return roles.contains(role);
        }

        List<GrantedAuthority> authorities() {
            List<GrantedAuthority> authorities = new ArrayList<>();
            roles.forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
            groups.forEach(g -> authorities.add(new SimpleGrantedAuthority(Roles.GROUP_PREFIX + g)));
            return authorities;
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        PersonName name = PersonName.parse(username).orElseThrow(() -> new UsernameNotFoundException("not a user name"));
        return jdbc.sql("select username, password_hash, roles, approver_groups, enabled from app_user where username = ?")
                .param(name.value())
                .query((rs, n) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .authorities(authorities(rs.getString("roles"), rs.getString("approver_groups")))
                        .disabled(!rs.getBoolean("enabled"))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException(name.value()));
    }

    /** The person with this name (in any spelling), enabled or not, if the directory knows them. */
    public Optional<Person> find(String username) {
        return PersonName.parse(username).flatMap(name -> jdbc
                .sql("select username, roles, approver_groups, enabled from app_user where username = ?")
                .param(name.value())
                .query((rs, n) -> new Person(new PersonName(rs.getString("username")),
                        new LinkedHashSet<>(split(rs.getString("roles"))),
                        new LinkedHashSet<>(split(rs.getString("approver_groups"))), rs.getBoolean("enabled")))
                .optional());
    }

    /** True when the directory has this person now, enabled and an engineer. */
    public boolean isEnabledEngineer(String username) {
        return find(username).filter(Person::enabled).filter(p -> p.hasRole(Roles.ENGINEER)).isPresent();
    }

    /**
     * The enabled people who may decide for this approver group: the approver role and membership of the group.
     * What {@code intake.ApproverCoverage} asks to warn of a plan routed to a group nobody can approve for.
     */
    public List<PersonName> approversIn(String group) {
        return jdbc.sql("select username, roles, approver_groups from app_user where enabled = true order by username")
                .query((rs, n) -> split(rs.getString("roles")).contains(Roles.APPROVER)
                        && split(rs.getString("approver_groups")).contains(group)
                        ? new PersonName(rs.getString("username")) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The name to greet a user by, if the directory knows them. */
    public Optional<String> displayName(String username) {
        return PersonName.parse(username).flatMap(name -> jdbc.sql("select display_name from app_user where username = ?")
                .param(name.value())
                .query(String.class)
                .optional());
    }

    /**
     * Adds a user unless one with that name exists. A name an agent token already uses as its agent id is refused,
     * because agent ids and people's names must never meet.
     */
    public void addIfAbsent(String username, String passwordHash, String displayName, List<String> roles,
                            List<String> groups) {
        PersonName name = PersonName.of(username);
        if (find(name.value()).isPresent()) {
            return;
        }
        if (AgentTokens.agentIdInUse(jdbc, name)) {
            throw new IllegalStateException("'" + name + "' is the agent id of an agent token; a person cannot have it");
        }
        jdbc.sql("""
                        insert into app_user (username, password_hash, display_name, roles, approver_groups, enabled)
                        select ?, ?, ?, ?, ?, true where not exists (select 1 from app_user where username = ?)""")
                .params(name.value(), passwordHash, displayName, String.join(",", roles), String.join(",", groups),
                        name.value())
                .update();
    }

    /**
     * Creates or changes a person (an admin's act; {@link People} audits it). A person created here has no password:
     * they sign in through single sign-on once an admin links their identity ({@link OidcIdentities}). Changes take
     * effect on the person's next request, live sessions included.
     */
    Optional<Person> put(PersonName name, String displayName, Set<String> roles, Set<String> groups, boolean enabled) {
        Optional<Person> before = find(name.value());
        if (before.isEmpty() && AgentTokens.agentIdInUse(jdbc, name)) {
            throw new People.InvalidPerson("username",
                    "is the agent id of an agent token; people and agents never share a name");
        }
        String label = displayName == null || displayName.isBlank() ? name.value() : displayName.strip();
        if (before.isPresent()) {
            jdbc.sql("update app_user set display_name = ?, roles = ?, approver_groups = ?, enabled = ? where username = ?")
                    .params(label, String.join(",", roles), String.join(",", groups), enabled, name.value()).update();
        } else {
            jdbc.sql("insert into app_user (username, password_hash, display_name, roles, approver_groups, enabled) "
                            + "values (?, ?, ?, ?, ?, ?)")
                    .params(name.value(), NO_PASSWORD, label, String.join(",", roles), String.join(",", groups), enabled)
                    .update();
        }
        return before;
    }

    // ---- notifications (issue 13): e-mail addresses, group members, matching a chat user to a person ----

    /** Enabled people in an approver group, for telling them an approval waits. */
    public List<Person> members(String group) {
        return jdbc.sql("select username, roles, approver_groups, enabled from app_user where enabled = true")
                .query((rs, n) -> new Person(new PersonName(rs.getString("username")),
                        new LinkedHashSet<>(split(rs.getString("roles"))),
                        new LinkedHashSet<>(split(rs.getString("approver_groups"))), rs.getBoolean("enabled")))
                .list().stream().filter(p -> p.groups().contains(group)).sorted(
                        java.util.Comparator.comparing(p -> p.name().value())).toList();
    }

    /** Where this person is e-mailed, if anywhere. */
    public Optional<String> email(String username) {
        return PersonName.parse(username).flatMap(name -> jdbc.sql("select email from app_user where username = ?")
                .param(name.value()).query(String.class).optional()).filter(e -> !e.isBlank());
    }

    /** The one person with this e-mail address (compared without case); empty if none or more than one has it. */
    public Optional<Person> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        List<String> names = jdbc.sql("select username from app_user where lower(email) = ?")
                .param(email.strip().toLowerCase(java.util.Locale.ROOT)).query(String.class).list();
        return names.size() == 1 ? find(names.getFirst()) : Optional.empty();
    }

    /** Gives a person an e-mail address unless they have one (demo users). */
    public void setEmailIfAbsent(String username, String email) {
        jdbc.sql("update app_user set email = ? where username = ? and email is null")
                .params(email, PersonName.of(username).value()).update();
    }

    /** Records the address a single sign-on provider verified for this person at sign-in. */
    void recordVerifiedEmail(PersonName name, String email) {
        jdbc.sql("update app_user set email = ? where username = ? and (email is null or email <> ?)")
                .params(email.strip(), name.value(), email.strip()).update();
    }

    /** Never matches a password: the bcrypt encoder refuses a hash that is not one. */
    static final String NO_PASSWORD = "{bcrypt}no-password";

    static List<GrantedAuthority> authorities(String roles, String groups) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        split(roles).forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
        split(groups).forEach(g -> authorities.add(new SimpleGrantedAuthority(Roles.GROUP_PREFIX + g)));
        return authorities;
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.stream(joined.split(",")).map(String::strip).toList();
    }
}
