package dev.backstop.commit;

import dev.backstop.core.BackupId;

/**
 * Where a backup set lives on a target, below the target's root (README, "What a backup looks
 * like"):
 * <pre>
 * &lt;host&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;id&gt;/   committed sets
 * &lt;host&gt;/.partial/&lt;id&gt;/            sets being written; renamed into place once verified
 * </pre>
 */
public final class BackupSetLayout {

    /** Name of the in-flight directory below a host. */
    public static final String PARTIAL = ".partial";

    private BackupSetLayout() {
    }

    /**
     * The host's namespace. A host name is one path element and never hidden, so it can collide
     * neither with another host nor with {@code .partial}.
     *
     * @throws IllegalArgumentException when the name is empty, contains {@code /} or starts with a dot
     */
    public static String hostDir(String host) {
        if (host == null || host.isEmpty() || host.contains("/") || host.startsWith(".") || host.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a usable host name for a target namespace: '" + host + "'");
        }
        return host;
    }

    /** {@code <host>/.partial}: the parent of every in-flight set of a host. */
    public static String partialRoot(String host) {
        return hostDir(host) + "/" + PARTIAL;
    }

    /** {@code <host>/.partial/<id>}. */
    public static String partialDir(String host, BackupId id) {
        return partialRoot(host) + "/" + id;
    }

    /** {@code <host>/<yyyy>/<MM>/<dd>/<id>}: the committed place of a set. */
    public static String finalDir(String host, BackupId id) {
        return hostDir(host) + "/" + id.datedPath();
    }
}
