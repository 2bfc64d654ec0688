package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of backstop, from the build. */
public final class Version {

    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/backstop-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
