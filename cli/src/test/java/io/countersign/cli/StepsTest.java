package io.countersign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reported output tail is the end of the output, and never half a character the API would refuse. */
class StepsTest {

    @Test
    void theTailNeverStartsWithHalfASurrogatePair() {
        String rocket = "\uD83D\uDE80";
        // The cut falls between the two halves of a rocket: the odd "!" moves it off the pairs' boundary.
        String output = rocket.repeat(Steps.TAIL) + "!";

        String tail = Steps.tailOf(output);

        assertThat(Character.isLowSurrogate(tail.charAt(0))).isFalse();
        assertThat(tail).startsWith(rocket).endsWith(rocket + "!").hasSize(Steps.TAIL - 1);
        assertThat(Steps.tailOf("short")).isEqualTo("short");
    }
}
