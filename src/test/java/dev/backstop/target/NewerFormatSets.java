package dev.backstop.target;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.core.BackupId;
import dev.backstop.core.Manifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Plants a backup set as a later backstop might write it: {@code format_version} 4, fields and
 * shapes this version does not know, a component file and its SHA256SUMS.
 */
public final class NewerFormatSets {

    public static final int FORMAT = 4;

    private NewerFormatSets() {
    }

    /** The MANIFEST.json of such a set. */
    public static String manifest(BackupId id, String host) {
        return """
                {
                  "format_version" : %d,
                  "id" : "%s",
                  "host" : "%s",
                  "encryption" : { "recipients" : [ "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq" ] },
                  "components" : [ {
                    "name" : "appdb",
                    "file" : "appdb.sql.gz.age",
                    "bytes" : 5,
                    "incremental" : { "level" : 1, "base" : "20251101T020001Z", "previous" : "20251102T020001Z" },
                    "facts" : { "gtid" : "0-1-77", "table_rows" : "moved elsewhere" }
                  } ]
                }
                """.formatted(FORMAT, id, host);
    }

    /** Writes such a set into its final place on {@code target}; returns its directory. */
    public static String plant(Target target, String host, BackupId id) throws IOException {
        String dir = BackupSetLayout.finalDir(host, id);
        target.makeDirectories(dir);
        target.write(dir + "/appdb.sql.gz.age", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        target.write(dir + "/" + Manifest.SUMS_FILE_NAME, new ByteArrayInputStream(
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  appdb.sql.gz.age\n"
                        .getBytes(StandardCharsets.UTF_8)));
        target.write(dir + "/" + Manifest.FILE_NAME, new ByteArrayInputStream(
                manifest(id, host).getBytes(StandardCharsets.UTF_8)));
        return dir;
    }
}
