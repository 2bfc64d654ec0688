package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteHashTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/homes/FSAdmin/Backup/Server AskProAI/a.gz|sha256sum -b -- '/homes/FSAdmin/Backup/Server AskProAI/a.gz'",
        "it's|sha256sum -b -- 'it'\\''s'",
        "$(rm -rf /) `x` \"q\" ü|sha256sum -b -- '$(rm -rf /) `x` \"q\" ü'"
    })
    void command_path_isOneQuotedShellWord(String path, String expected) {
        assertThat(RemoteHash.command(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 *f|E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "\\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *a\\nb|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "''|''",
        "sha256sum: f: No such file or directory|sha256sum:"
    })
    void firstWord_output_isTheHashOrWhatever(String output, String expected) {
        assertThat(RemoteHash.firstWord(output)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
        "/volume1, /homes/FSAdmin/x, /volume1/homes/FSAdmin/x",
        ", /homes/FSAdmin/x, /homes/FSAdmin/x",
        "/volume1, Backup/x, /volume1/Backup/x"
    })
    void shellPath_prefix_isPrepended(String prefix, String path, String expected) {
        assertThat(RemoteHash.shellPath(prefix, path)).isEqualTo(expected);
    }
}
