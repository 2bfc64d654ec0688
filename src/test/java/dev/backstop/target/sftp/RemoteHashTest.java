package dev.backstop.target.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteHashTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/homes/FSAdmin/Backup/Server AskProAI/a.gz|/homes/FSAdmin/Backup/Server AskProAI/a.gz",
        "it's|it'\\''s",
        "$(rm -rf /) `x` \"q\" ü|$(rm -rf /) `x` \"q\" ü"
    })
    void command_path_isOneQuotedShellWord(String path, String insideQuotes) {
        String quoted = "'" + insideQuotes + "'";
        assertThat(RemoteHash.command(path, RemoteHash.SMALL + 1))
                .isEqualTo("openssl dgst -sha256 -r -- " + quoted + " 2>/dev/null || sha256sum -b -- " + quoted);
        assertThat(RemoteHash.command(path, RemoteHash.SMALL))
                .isEqualTo("sha256sum -b -- " + quoted + " || openssl dgst -sha256 -r -- " + quoted);
    }

    @org.junit.jupiter.api.Test
    void command_inARealShell_printsTheHashFirst_withOpensslOrWithoutIt() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("remote hash it's $x", ".bin");
        try {
            java.nio.file.Files.write(file, "backstop\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String expected = dev.backstop.core.Sha256.of("backstop\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // as the server runs it, and on a server without openssl, or without sha256sum (a PATH
            // where it is not found), for a large file and a small one
            java.nio.file.Path noOpenssl = java.nio.file.Files.createTempDirectory("path");
            java.nio.file.Files.createSymbolicLink(noOpenssl.resolve("sha256sum"), java.nio.file.Path.of("/usr/bin/sha256sum"));
            java.nio.file.Path noSha256sum = java.nio.file.Files.createTempDirectory("path");
            java.nio.file.Files.createSymbolicLink(noSha256sum.resolve("openssl"), java.nio.file.Path.of("/usr/bin/openssl"));
            for (long size : new long[] {RemoteHash.SMALL, RemoteHash.SMALL + 1}) {
                String command = RemoteHash.command(file.toString(), size);
                assertThat(RemoteHash.firstWord(sh(command, null))).isEqualTo(expected);
                assertThat(RemoteHash.firstWord(sh(command, noOpenssl.toString()))).isEqualTo(expected);
                assertThat(RemoteHash.firstWord(sh(command, noSha256sum.toString()))).isEqualTo(expected);
                // a missing file: the answer is a complaint and a failure, never a hash
                assertThat(sh(RemoteHash.command(file + ".gone", size), null)).contains("No such file");
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** What {@link RemoteHash#run} reads: the output when the command succeeds, else with its errors and status. */
    private static String sh(String command, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        if (path != null) {
            pb.environment().put("PATH", path);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int status = p.waitFor();
        return status == 0 ? out : out + err + " (exit " + status + ")";
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
