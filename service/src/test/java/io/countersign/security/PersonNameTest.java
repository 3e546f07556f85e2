package io.countersign.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One canonical name per person, whatever they typed; what cannot be folded safely is refused, not guessed. */
class PersonNameTest {

    @Test
    void everySpellingOfANameFoldsToOneCanonicalName() {
        for (String spelling : List.of("alice", "Alice", "ALICE", "ＡＬＩＣＥ", "Ａlice")) {
            assertThat(PersonName.of(spelling).value()).as(spelling).isEqualTo("alice");
        }
        // The Kelvin sign (U+212A) and the long s (U+017F) are compatibility forms of K and s.
        assertThat(PersonName.of("\u212Airo").value()).isEqualTo("kiro");
        assertThat(PersonName.of("\u017Fam").value()).isEqualTo("sam");
        assertThat(PersonName.same("Bob", "ＢＯＢ")).isTrue();
        assertThat(PersonName.same("bob", "b0b")).isFalse();
    }

    @Test
    void foldingTwiceChangesNothing() {
        for (String spelling : List.of("Dave.Ops@example", "ＣＡＲＯＬ", "e_r-i.n")) {
            String once = PersonName.of(spelling).value();
            assertThat(PersonName.of(once).value()).isEqualTo(once);
        }
    }

    @Test
    void namesWhoseFullCaseFoldingWouldDifferAreRefusedNotGuessed() {
        // NFKC_Casefold would make these ASCII (ß → ss, soft hyphen and zero-width joiner dropped); we refuse them.
        for (String spelling : List.of("Straße", "al\u00ADice", "al\u200Dice", "İnci", "al ice", "", "a:b")) {
            assertThat(PersonName.parse(spelling)).as(spelling).isEmpty();
            assertThatThrownBy(() -> PersonName.of(spelling)).isInstanceOf(PersonName.NotAPersonName.class);
        }
        assertThat(PersonName.parse(null)).isEmpty();
        assertThat(PersonName.parse("a".repeat(101))).isEmpty();
        assertThat(PersonName.canonicalOrAsIs("al ice")).isEqualTo("al ice");
    }

    @Test
    void aPersonIsAlwaysNamedCanonicallyAndAnAgentKeepsItsOwnId() {
        Actor person = new Actor("ＡＬＩＣＥ", Actor.HUMAN, java.util.Set.of(), java.util.Set.of(), null);
        Actor agent = new Actor("Kiro-7", Actor.AGENT, java.util.Set.of(Roles.AGENT), java.util.Set.of(), null,
                java.util.Set.of("Alice"));

        assertThat(person.name()).isEqualTo("alice");
        assertThat(agent.name()).isEqualTo("Kiro-7");
        assertThat(agent.mayActFor("ＡＬＩＣＥ")).isTrue();
        assertThat(agent.mayActFor("bob")).isFalse();
    }
}
