package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ConfigException;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.core.LockedException;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.TargetException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one mapping of exceptions to exit codes, as docs/exit-codes.md tables it. */
class ExitCodesTest {

    @Test
    void codeOf_eachTypedFailure_isItsDocumentedCode() {
        assertThat(ExitCodes.codeOf(new ConfigException("backstop.yml:3:5: targets: missing"))).isEqualTo(2);
        assertThat(ExitCodes.codeOf(new LockedException("another run holds the lock"))).isEqualTo(3);
        assertThat(ExitCodes.codeOf(new PreflightException("spool: no space"))).isEqualTo(4);
        assertThat(ExitCodes.codeOf(new SourceException("mariadb-dump exited 2"))).isEqualTo(5);
        assertThat(ExitCodes.codeOf(new TargetException("nas: unreachable"))).isEqualTo(6);
        assertThat(ExitCodes.codeOf(new InterruptedRunException("INT"))).isEqualTo(130);
        assertThat(ExitCodes.codeOf(new InterruptedRunException("TERM"))).isEqualTo(143);
    }

    @Test
    void codeOf_anythingElse_isAnInternalError() {
        assertThat(ExitCodes.codeOf(new IOException("unexpected"))).isEqualTo(1);
        assertThat(ExitCodes.codeOf(new IllegalStateException("a bug"))).isEqualTo(1);
    }
}
