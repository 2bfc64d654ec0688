package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FindingsTest {

    @Test
    void error_failingChecks_allKeptInOrderWithTheirPrefix() {
        Findings findings = new Findings();

        boolean first = findings.error("source a: ", () -> {
            throw new PreflightException("one");
        });
        boolean passed = findings.error(() -> { });
        findings.error(() -> {
            throw new IOException("two");
        });

        assertThat(first).isFalse();
        assertThat(passed).isTrue();
        assertThat(findings.errors()).containsExactly("source a: one", "two");
        assertThat(findings.hasErrors()).isTrue();
    }

    @Test
    void warning_failingCheck_isNoError() {
        Findings findings = new Findings();

        findings.warning("source p: ", () -> {
            throw new IOException("no psql");
        }, " (restore tests need it)");

        assertThat(findings.warnings()).containsExactly("source p: no psql (restore tests need it)");
        assertThat(findings.hasErrors()).isFalse();
    }

    @Test
    void error_checkWithABug_isNotAFinding() {
        Findings findings = new Findings();

        assertThatThrownBy(() -> findings.error(() -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void throwErrors_joinsThemAsARunReportsThem() throws Exception {
        Findings findings = new Findings();
        findings.throwErrors(PreflightException::new);
        findings.error("a");
        findings.error("b");

        assertThatThrownBy(() -> findings.throwErrors(PreflightException::new))
                .isInstanceOf(PreflightException.class).hasMessage("a; b");
    }
}
