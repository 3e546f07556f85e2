package io.countersign.ui.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Why a page was refused, carried on the request from the security filter that refused it to the 403 page: the
 * roles the denying rule asked for, or the page's own reason, or an expired form. The page names what it was told
 * rather than guessing from the address.
 *
 * @param roles       the human roles any one of which would have been enough; empty if the rule named none
 * @param reason      a sentence for people (a page's own refusal); {@code null} if none
 * @param formExpired the form's CSRF token was missing or stale
 */
public record AccessRefusal(List<Role> roles, String reason, boolean formExpired) {

    private static final String ATTRIBUTE = AccessRefusal.class.getName();
    private static final String PREFIX = "ROLE_";

    public AccessRefusal {
        roles = List.copyOf(roles);
    }

    /** A rule required one of these authorities ({@code ROLE_ADMIN} and the like); the human roles are kept. */
    public static void roleRequired(HttpServletRequest request, Collection<String> authorities) {
        List<Role> roles = authorities.stream()
                .filter(a -> a.startsWith(PREFIX))
                .map(a -> role(a.substring(PREFIX.length())))
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
        request.setAttribute(ATTRIBUTE, new AccessRefusal(roles, null, false));
    }

    /** A page refused with its own words (they are written for people, e.g. "Only approvers decide"). */
    public static void refusedBecause(HttpServletRequest request, String reason) {
        request.setAttribute(ATTRIBUTE, new AccessRefusal(List.of(), reason, false));
    }

    public static void formExpired(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, new AccessRefusal(List.of(), null, true));
    }

    static AccessRefusal of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof AccessRefusal refusal ? refusal
                : new AccessRefusal(List.of(), null, false);
    }

    /** "Admin", "Auditor or Admin": for the sentence on the page. */
    public String roleNames() {
        List<String> names = roles.stream()
                .map(r -> r.name().charAt(0) + r.name().substring(1).toLowerCase(java.util.Locale.ROOT))
                .toList();
        return names.size() <= 1 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }

    private static Role role(String name) {
        return Arrays.stream(Role.values()).filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
