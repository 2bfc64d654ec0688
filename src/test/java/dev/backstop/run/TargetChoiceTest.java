package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.target.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --target}: every target, the one named, or a usage error naming the known ones. */
class TargetChoiceTest {

    private static Target named(String name) {
        return new ForwardingTarget(null) {
            @Override
            public String name() {
                return name;
            }
        };
    }

    private static List<Target> targets() {
        return List.of(named("local"), named("nas"));
    }

    @Test
    void from_noName_isEveryTargetInOrder() throws Exception {
        List<Target> all = targets();

        assertThat(new TargetChoice(null, Path.of("b.yml")).from(all)).isEqualTo(all);
        assertThat(new TargetChoice(null, Path.of("b.yml")).first(all).name()).isEqualTo("local");
    }

    @Test
    void from_name_isThatTargetAlone() throws Exception {
        assertThat(new TargetChoice("nas", Path.of("b.yml")).from(targets())).extracting(Target::name)
                .containsExactly("nas");
        assertThat(new TargetChoice("nas", Path.of("b.yml")).first(targets()).name()).isEqualTo("nas");
    }

    @Test
    void from_unknownName_namesTheConfigurationAsGivenAndTheKnownTargets() {
        assertThatThrownBy(() -> new TargetChoice("s3", Path.of("conf/b.yml")).from(targets()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--target s3: no such target in conf/b.yml (known: local, nas)");
    }
}
