package dev.backstop.cli;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end suites that check commands on a fresh {@link BackupFixture}: local by default, or another storage. */
@RequiresService({Services.MariaDb.class, Services.Postgres.class})
abstract class WithBackupFixture {

    @TempDir
    Path dir;

    BackupFixture fixture;

    @BeforeEach
    void setUpFixture() throws Exception {
        fixture = new BackupFixture(dir);
    }

    @AfterEach
    void closeFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The same checks on another storage: the local fixture is replaced. */
    void on(BackupFixture.Storage storage) throws Exception {
        if (storage != BackupFixture.Storage.LOCAL) {
            fixture.close();
            fixture = new BackupFixture(dir, storage);
        }
    }
}
