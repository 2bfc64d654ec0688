package dev.backstop.target.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3UploadTest {

    private static final int MIB = 1 << 20;

    @ParameterizedTest(name = "part {0} is {1} MiB")
    @CsvSource({"1, 16", "2000, 16", "2001, 32", "4001, 64", "6001, 128", "8001, 256", "10000, 256"})
    void partSize_doublesEveryTwoThousandParts(int part, long mib) {
        assertThat(S3Upload.partSize(16 * MIB, part)).isEqualTo(mib * MIB);
    }

    @org.junit.jupiter.api.Test
    void partSize_tenThousandParts_holdNearlyATebibyte() {
        long total = 0;
        for (int part = 1; part <= S3Upload.MAX_PARTS; part++) {
            total += S3Upload.partSize(16 * MIB, part);
        }

        assertThat(total).isEqualTo(2000L * (16 + 32 + 64 + 128 + 256) * MIB);
    }

    @org.junit.jupiter.api.Test
    void hex_base64Checksum_isTheSha256sumForm() {
        String base64 = S3Upload.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 3);

        assertThat(S3Upload.hex(base64)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(S3Upload.hex("not base64 !")).isNull();
    }
}
