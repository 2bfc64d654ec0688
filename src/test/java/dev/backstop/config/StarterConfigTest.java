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
        BackstopConfig config = ConfigLoader.parse(StarterConfig.text(Kinds.schema()), dir.resolve("backstop.yml"), Kinds.schema());

        // then
        assertThat(config.sources()).extracting(SourceConfig::name).containsExactly("system-config");
        assertThat(config.targets()).extracting(TargetConfig::name).containsExactly("local");
        assertThat(config.targets().get(0).retention().keepLast()).isEqualTo(20);
    }

    @Test
    void text_everyKeyOfTheSchema_appearsSetOrCommentedOut() {
        // given every key the loader accepts, from the definitions it validates with
        List<String> keys = new ArrayList<>(ConfigLoader.TOP_LEVEL_KEYS);
        Kinds.SOURCES.forEach(kind -> keys.addAll(kind.keys()));
        Kinds.TARGETS.forEach(kind -> keys.addAll(kind.keys()));
        keys.addAll(TargetReader.RETENTION_KEYS);
        NotifyReader.KEYS.values().forEach(keys::addAll);
        keys.addAll(EncryptionReader.KEYS);
        keys.add("encrypt");
        keys.addAll(List.of("smtp", "starttls", "tls", "user", "password_env", "password_file", "pings", "start",
                "success", "fail", "window", "max_shrink", "max_growth"));

        // when
        String text = StarterConfig.text(Kinds.schema());

        // then each appears as a key, set or commented out, and every type as an example
        assertThat(keys).allSatisfy(key -> assertThat(text).containsPattern("(?m)^[ #-]*" + key + ":"));
        assertThat(Kinds.schema().sourceTypes()).allSatisfy(type -> assertThat(text).contains("type: " + type));
        assertThat(Kinds.schema().targetTypes()).allSatisfy(type -> assertThat(text).contains("type: " + type));
        assertThat(text).doesNotContain("@keys").doesNotContain("@kinds");
    }

    @Test
    void text_keyOrKindNewToTheSchema_appearsWithoutAnEditOfTheText() {
        // given the schema with a key added to the sftp kind, and a target kind the text never mentions
        TargetSchema sftp = Kinds.target("sftp").orElseThrow();
        List<String> sftpKeys = new ArrayList<>(sftp.keys());
        sftpKeys.add("bandwidth_limit");
        ConfigSchema schema = new ConfigSchema(Kinds.SOURCES, List.of(Kinds.target("local").orElseThrow(),
                kind("sftp", sftpKeys), kind("tape", List.of("name", "type", "device", "retention"))));

        // when
        String text = StarterConfig.text(schema);

        // then the new key sits in the sftp example, and the new kind has an example of its own
        String sftpBlock = text.substring(text.indexOf("#  type: sftp"), text.indexOf("#  type: s3"));
        assertThat(sftpBlock).containsPattern("(?m)^  #  bandwidth_limit:");
        assertThat(text).containsPattern("(?m)^  #  type: tape\n  #  device:\n  #  retention:");
    }

    private static TargetSchema kind(String type, List<String> keys) {
        return new TargetSchema() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public List<String> keys() {
                return keys;
            }

            @Override
            public TargetConfig read(Section entry, String name, RetentionPolicy retention) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void print(TargetConfig config, ConfigOutput out) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
