package dev.backstop.commit;

import dev.backstop.core.Manifest;
import dev.backstop.core.TargetException;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFile;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where one call of a commit got to, so that a failure names its own step and removes exactly what
 * it left; and the commit's last check. One per call: the threads that store and verify at once
 * each keep their own.
 */
final class CommitAttempt {

    /** What the call is doing, for the message of its failure. */
    String step = "starting";
    String renamedTo;
    boolean cleanupFailed;

    /** Removes what this attempt wrote and builds the exception that says what happened. */
    TargetException cleanUp(Target target, String what, String partial, String reason, Exception cause) {
        // an interrupt must not stop the cleanup itself; the caller reports it afterwards
        boolean interrupted = Thread.interrupted();
        StringBuilder message = new StringBuilder(what).append(": ").append(reason);
        List<String> removed = new ArrayList<>();
        for (String path : renamedTo == null ? List.of(partial) : List.of(partial, renamedTo)) {
            try {
                target.delete(path);
                removed.add(path);
            } catch (IOException | RuntimeException e) {
                cleanupFailed = true;
                cause.addSuppressed(e);
                message.append("; could not remove ").append(path).append(" (").append(describe(e))
                        .append("), the next run sweeps it");
            }
        }
        if (!removed.isEmpty()) {
            message.append("; removed ").append(String.join(" and ", removed));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new TargetException(message.toString(), cause);
    }

    /** The final place holds every file with its size, and the manifest reads back byte for byte. */
    static void confirm(Target target, String finalDir, List<StoredFile> stored, byte[] manifestJson)
            throws IOException, Mismatch {
        for (StoredFile f : stored) {
            String path = finalDir + "/" + f.file();
            var info = target.stat(path);
            if (info.isEmpty() || info.get().directory() || info.get().size() != f.bytes()) {
                throw new Mismatch(f.file() + " after the rename: expected " + f.bytes() + " bytes at " + path + ", found "
                        + info.map(i -> i.directory() ? "a directory" : i.size() + " bytes").orElse("nothing"));
            }
        }
        byte[] back;
        try (InputStream in = target.read(finalDir + "/" + Manifest.FILE_NAME)) {
            back = in.readAllBytes();
        }
        if (!Arrays.equals(back, manifestJson)) {
            throw new Mismatch(Manifest.FILE_NAME + " after the rename differs from the one written (" + back.length
                    + " bytes read, " + manifestJson.length + " written)");
        }
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        if (e.getClass() == IOException.class && message != null) {
            return message;
        }
        // NoSuchFileException and friends carry only a path as message: the class says what happened
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
