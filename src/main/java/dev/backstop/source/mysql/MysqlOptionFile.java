package dev.backstop.source.mysql;

import java.nio.file.Path;

/**
 * Text of the option file that carries a password to mariadb-dump/mysqldump. The value is
 * double-quoted and escaped as the client library's option parser reads it, so quotes, {@code $},
 * {@code #} (a comment only outside quotes), backslashes and spaces all survive.
 */
final class MysqlOptionFile {

    private MysqlOptionFile() {
    }

    /**
     * @param include an option file the user configured, read first so that the password given
     *                here wins; or null
     */
    static String content(String password, Path include) {
        StringBuilder sb = new StringBuilder();
        if (include != null) {
            sb.append("!include ").append(include.toAbsolutePath()).append('\n');
        }
        sb.append("[client]\n");
        sb.append("password=\"").append(escape(password)).append("\"\n");
        return sb.toString();
    }

    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
