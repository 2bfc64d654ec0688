package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.registry.Kinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarterConfigTest {

    @TempDir
    Path dir;

    @Test
    void text_asWritten_validatesWithoutProblems() throws Exception {
        // given the starter configuration as 'backstop init' writes it; when
        BackstopConfig config = ConfigLoader.parse(StarterConfig.text(), dir.resolve("backstop.yml"), Kinds.schema());

        // then
        assertThat(config.sources()).extracting(SourceConfig::name).containsExactly("system-config");
        assertThat(config.targets()).extracting(TargetConfig::name).containsExactly("local");
        assertThat(config.targets().get(0).retention().keepLast()).isEqualTo(20);
    }

    @Test
    void text_everyKnownKey_isDocumented() {
        // given every key the loader accepts
        List<String> keys = new ArrayList<>(ConfigLoader.TOP_LEVEL_KEYS);
        Kinds.SOURCES.forEach(kind -> keys.addAll(kind.keys()));
        keys.addAll(TargetReader.RETENTION_KEYS);
        NotifyReader.KEYS.values().forEach(keys::addAll);
        keys.addAll(EncryptionReader.KEYS);
        keys.add("encrypt");
        keys.addAll(List.of("smtp", "starttls", "tls", "user", "password_env", "password_file", "pings", "start",
                "success", "fail"));
        keys.addAll(Kinds.target("sftp").orElseThrow().keys()); // the s3 keys are documented in the README
        keys.addAll(List.of("name", "type", "min_size", "path", "retention", "window", "max_shrink", "max_growth"));

        // when
        String text = StarterConfig.text();

        // then each appears as a key, set or commented out
        assertThat(keys).allSatisfy(key -> assertThat(text).containsPattern("(?m)^[ #-]*" + key + ":"));
        assertThat(Kinds.schema().sourceTypes()).allSatisfy(type -> assertThat(text).contains("type: " + type));
    }
}
