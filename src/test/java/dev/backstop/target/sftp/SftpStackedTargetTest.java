package dev.backstop.target.sftp;

import dev.backstop.target.ProductionStack;
import dev.backstop.target.Target;

/** The whole contract on an SFTP target wrapped as runs wrap it, faults planted below the retries. */
class SftpStackedTargetTest extends SftpTargetTest {

    @Override
    protected Target stack(Target t) {
        return ProductionStack.around(t);
    }
}
