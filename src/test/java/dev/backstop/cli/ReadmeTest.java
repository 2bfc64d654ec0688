package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README stays a short start that links to docs/, and every link it and the docs make leads somewhere. */
class ReadmeTest {

    private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\((?!https?:)([^)#]+)(#[^)]*)?\\)");

    @Test
    void readme_isShortEnoughToReadFirst() throws Exception {
        assertThat(Files.readAllLines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(350);
    }

    @Test
    void readme_exitCodeSummary_namesEveryCodeAndUsageWithConfiguration() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String summary = readme.substring(readme.indexOf("Exit codes, per command"));
        for (ExitCode code : ExitCode.values()) {
            if (code != ExitCode.INTERRUPTED_SIGINT && code != ExitCode.INTERRUPTED_SIGTERM) {
                assertThat(summary).contains("**" + code.code() + "**");
            }
        }
        assertThat(summary).contains("**130/143**").contains("**2** usage or configuration");
    }

    @Test
    void everyLocalLink_ofTheReadmeAndTheDocs_namesAFileThatExists() throws Exception {
        List<Path> pages;
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            pages = Stream.concat(Stream.of(Path.of("README.md")), docs.filter(p -> p.toString().endsWith(".md"))).toList();
        }
        for (Path page : pages) {
            Matcher m = LOCAL_LINK.matcher(Files.readString(page));
            while (m.find()) {
                Path target = page.resolveSibling(m.group(1));
                assertThat(target).as(page + " links to " + m.group(1)).exists();
            }
        }
    }
}
