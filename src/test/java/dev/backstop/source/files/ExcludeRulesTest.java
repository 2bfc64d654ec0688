package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExcludeRulesTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            // a name pattern matches at any depth
            "*.log,            app.log,                    true",
            "*.log,            storage/logs/app.log,       true",
            "*.log,            app.log.1,                  false",
            "node_modules,     node_modules,               true",
            "node_modules,     web/node_modules,           true",
            "node_modules,     node_modules_old,           false",
            // a pattern with a slash is anchored at the root
            "storage/logs/**,  storage/logs,               true",
            "storage/logs/**,  storage/logs/app.log,       true",
            "storage/logs/**,  storage/logs/2024/a.log,    true",
            "storage/logs/**,  storage/logsx,              false",
            "storage/logs/**,  web/storage/logs/app.log,   false",
            "/cache,           cache,                      true",
            "/cache,           web/cache,                  false",
            "cache/,           cache,                      true",
            "storage/*.tmp,    storage/a.tmp,              true",
            "storage/*.tmp,    storage/sub/a.tmp,          false",
            "**/tmp,           a/b/tmp,                    true",
            "config/?.yml,     config/a.yml,               true",
            "config/?.yml,     config/ab.yml,              false",
    })
    void excludes_patternAndPath_matchesLikeGitignore(String pattern, String path, boolean excluded) {
        // given
        ExcludeRules rules = new ExcludeRules(List.of(pattern));

        // when / then
        assertThat(rules.excludes(Path.of(path))).isEqualTo(excluded);
    }

    @Test
    void excludes_root_neverExcluded() {
        assertThat(new ExcludeRules(List.of("**", "*")).excludes(Path.of(""))).isFalse();
    }

    @Test
    void constructor_invalidGlob_namesThePattern() {
        assertThatThrownBy(() -> new ExcludeRules(List.of("ok/**", "bad[")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad['");
    }
}
