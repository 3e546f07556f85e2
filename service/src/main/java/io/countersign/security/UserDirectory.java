package io.countersign.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** People who log in: their hashed password, roles and approver groups, from the database. */
@Component
public class UserDirectory implements UserDetailsService {

    private final JdbcClient jdbc;

    UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash, roles, approver_groups, enabled from app_user where username = ?")
                .param(username)
                .query((rs, n) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .authorities(authorities(rs.getString("roles"), rs.getString("approver_groups")))
                        .disabled(!rs.getBoolean("enabled"))
                        .build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException(username));
    }

    /** The name to greet a user by, if the directory knows them. */
    public Optional<String> displayName(String username) {
        return jdbc.sql("select display_name from app_user where username = ?")
                .param(username)
                .query(String.class)
                .optional();
    }

    /** Adds a user unless one with that name exists. */
    public void addIfAbsent(String username, String passwordHash, String displayName, List<String> roles,
                            List<String> groups) {
        jdbc.sql("""
                        insert into app_user (username, password_hash, display_name, roles, approver_groups, enabled)
                        select ?, ?, ?, ?, ?, true where not exists (select 1 from app_user where username = ?)""")
                .params(username, passwordHash, displayName, String.join(",", roles), String.join(",", groups), username)
                .update();
    }

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
