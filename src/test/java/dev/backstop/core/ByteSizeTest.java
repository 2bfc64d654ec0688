package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"1048576,1048576", "1MB,1000000", "1 MB,1000000", "500 KiB,512000", "2GiB,2147483648", "7b,7",
            "3 tb,3000000000000", "0,0"})
    void parse_validSize_givesBytes(String text, long bytes) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1MB", "1.5MB", "12 parsecs", "99999999999999 TiB"})
    void parse_invalidSize_explains(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "not a size" : text);
    }

    @ParameterizedTest
    @CsvSource({"0,0 B", "1023,1023 B", "1024,1.0 KiB", "234799047,223.9 MiB", "1073741824,1.0 GiB"})
    void human_usesBinaryUnitsWithIntegerRounding(long bytes, String text) {
        assertThat(ByteSize.human(bytes)).isEqualTo(text);
    }
}
