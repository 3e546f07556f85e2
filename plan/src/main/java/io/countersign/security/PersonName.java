package io.countersign.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A person's canonical user name: the one string by which Countersign knows, compares and records a person, whatever
 * they typed ({@code Alice}, {@code alice} and the full-width {@code ＡＬＩＣＥ} are all {@code alice}).
 *
 * <p>Canonical means NFKC, then lower case in {@link Locale#ROOT}, and the result must be 1-100 of
 * {@code a-z 0-9 . _ @ -}. For names inside that alphabet this is the same as Unicode's NFKC_Casefold: the two differ
 * only where full case folding or the removal of default-ignorable characters would turn a non-ASCII input into
 * ASCII ({@code ß} → {@code ss}, a soft hyphen dropped), and such an input is refused here instead of guessed at. So no
 * two spellings that fold to one person can become two people, and no 14 MB Unicode library is needed for it.
 *
 * <p>This is the only normaliser of people's names; every door (sign-in, directory, agent tokens, plans, OIDC links)
 * goes through {@link #of} or {@link #parse}.
 */
public record PersonName(@JsonValue String value) {

    static final int MAX_LENGTH = 100;
    private static final Pattern CANONICAL = Pattern.compile("[a-z0-9._@-]{1," + MAX_LENGTH + "}");

    public PersonName {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw new NotAPersonName(value);
        }
    }

    /** The canonical form of what someone typed; refuses what cannot be a user name. */
    public static PersonName of(String raw) {
        return new PersonName(fold(raw));
    }

    /** The canonical form, or empty when the text cannot be a user name. */
    public static Optional<PersonName> parse(String raw) {
        String folded = fold(raw);
        return folded != null && CANONICAL.matcher(folded).matches() ? Optional.of(new PersonName(folded))
                : Optional.empty();
    }

    /** The canonical string, or the input unchanged when it cannot be a user name (so validation can name it). */
    public static String canonicalOrAsIs(String raw) {
        return parse(raw).map(PersonName::value).orElse(raw);
    }

    /** True when both texts are the same person's name. */
    public static boolean same(String a, String b) {
        Optional<PersonName> left = parse(a);
        return left.isPresent() && left.equals(parse(b));
    }

    private static String fold(String raw) {
        if (raw == null || raw.length() > 4 * MAX_LENGTH) {
            return null;
        }
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    /** The text cannot be a user name, in any spelling. */
    public static final class NotAPersonName extends IllegalArgumentException {
        NotAPersonName(String value) {
            super("'" + abbreviated(value) + "' is not a user name (1-" + MAX_LENGTH
                    + " letters, digits or . _ @ -, compared case-insensitively)");
        }

        private static String abbreviated(String value) {
            return value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "…" : value;
        }
    }
}
