package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void of_knownVector() {
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void matches_acceptsUpperCaseAndSurroundingSpace() {
        assertThat(Sha256.matches(ABC, ABC.toUpperCase() + "\n")).isTrue();
    }

    @Test
    void matches_emptyOrMissingOrMalformedAnswer_neverMatches() {
        // the audited script compared a hash with the empty output of a failed remote sha256sum
        assertThat(Sha256.matches(ABC, "")).isFalse();
        assertThat(Sha256.matches(ABC, null)).isFalse();
        assertThat(Sha256.matches(ABC, "sha256sum: No such file or directory")).isFalse();
        assertThat(Sha256.matches(ABC, ABC.substring(1) + "z")).isFalse();
        assertThat(Sha256.matches(null, ABC)).isFalse();
    }
}
