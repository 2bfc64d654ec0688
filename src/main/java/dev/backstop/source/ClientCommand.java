package dev.backstop.source;

import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.SecretFile;

/**
 * The command of a database client program, ready to run, and the private file that carries its
 * credentials. Closing it deletes that file, so a try-with-resources around the run leaves no
 * credential behind.
 *
 * @param spec        what to run; it masks the password wherever it would be shown
 * @param credentials the 0600 file the program reads its password from, or null when the command
 *                    needs none
 */
public record ClientCommand(ProcessSpec spec, SecretFile credentials) implements AutoCloseable {

    /** The same command with another spec, such as the same one with a timeout or a standard input. */
    public ClientCommand withSpec(ProcessSpec changed) {
        return new ClientCommand(changed, credentials);
    }

    /** Deletes the credentials file; idempotent. */
    @Override
    public void close() {
        if (credentials != null) {
            credentials.close();
        }
    }
}
