package dev.backstop.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetPathsTest {

    @Test
    void parent_nestedAndTopLevelPaths_areTheirDirectories() {
        assertThat(TargetPaths.parent("a/b/c")).isEqualTo("a/b");
        assertThat(TargetPaths.parent("a")).isEmpty();
        assertThat(TargetPaths.join("", "a")).isEqualTo("a");
        assertThat(TargetPaths.join("a", "b")).isEqualTo("a/b");
    }
}
