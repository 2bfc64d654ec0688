package dev.backstop.source.mysql;

import dev.backstop.source.mysql.MysqlGrants.Grant;
import dev.backstop.source.mysql.MysqlGrants.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one line of {@code SHOW GRANTS} as MariaDB and MySQL print it:
 * {@code GRANT SELECT, SHOW VIEW ON `shop`.* TO `bk`@`localhost` ...}, or {@code REVOKE ... FROM}
 * (MySQL's partial revokes). Identifiers may be backquoted with doubled backquotes inside.
 */
final class GrantLine {

    private record Token(String text, boolean quoted) {

        boolean is(String word) {
            return !quoted && text.equalsIgnoreCase(word);
        }
    }

    private GrantLine() {
    }

    /**
     * The grant of one line; null for a line that grants nothing database-wide (a role, PROXY,
     * a routine, {@code SET DEFAULT ROLE}) or that cannot be read. A REVOKE that cannot be read
     * revokes every privilege from everyone, so that doubt never adds a privilege.
     */
    static Grant parse(String line) {
        List<Token> tokens = tokens(line);
        if (tokens == null || tokens.isEmpty()) {
            return null;
        }
        boolean revoke = tokens.get(0).is("REVOKE");
        if (!revoke && !tokens.get(0).is("GRANT")) {
            return null;
        }
        Grant grant = parse(tokens, revoke);
        if (grant == null && revoke) {
            return new Grant(null, true, EnumSet.allOf(Privilege.class), null, null);
        }
        return grant;
    }

    private static Grant parse(List<Token> t, boolean revoke) {
        Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        StringBuilder name = new StringBuilder();
        boolean columns = false;
        int depth = 0;
        int i = 1;
        for (; i < t.size(); i++) {
            Token token = t.get(i);
            if (token.is("(")) {
                depth++;
                columns = true; // a column grant is no grant on the whole table
            } else if (token.is(")")) {
                depth--;
            } else if (depth > 0) {
                continue;
            } else if (token.is("ON") || token.is(",")) {
                add(privileges, name.toString(), columns);
                name.setLength(0);
                columns = false;
                if (token.is("ON")) {
                    break;
                }
            } else if (token.quoted() || token.is("TO") || token.is("FROM")) {
                return null; // a role granted, not a privilege
            } else {
                name.append(name.length() == 0 ? "" : " ").append(token.text().toUpperCase(Locale.ROOT));
            }
        }
        i++;
        if (i >= t.size() || t.get(i).is("FUNCTION") || t.get(i).is("PROCEDURE") || t.get(i).is("PACKAGE")) {
            return null;
        }
        if (i + 3 >= t.size() || !t.get(i + 1).is(".")) {
            return null; // PROXY ON `user`@`host`
        }
        String database = object(t.get(i));
        String table = object(t.get(i + 2));
        if (database == null && table != null || !t.get(i + 3).is(revoke ? "FROM" : "TO")) {
            return null;
        }
        i += 4;
        if (i >= t.size() || !name(t.get(i))) {
            return null;
        }
        String grantee = t.get(i).text();
        if (i + 2 < t.size() && t.get(i + 1).is("@") && name(t.get(i + 2))) {
            grantee += "@" + t.get(i + 2).text();
        }
        return new Grant(grantee, revoke, privileges, database, table);
    }

    private static void add(Set<Privilege> privileges, String name, boolean columns) {
        if (columns) {
            return;
        }
        if (name.equals("ALL") || name.equals("ALL PRIVILEGES")) {
            privileges.addAll(EnumSet.allOf(Privilege.class));
            return;
        }
        Privilege privilege = Privilege.named(name);
        if (privilege != null) {
            privileges.add(privilege);
        }
    }

    /** A database or table name, or null for {@code *}. */
    private static String object(Token token) {
        return token.is("*") ? null : token.text();
    }

    private static boolean name(Token token) {
        return token.quoted() || !token.text().isEmpty() && Character.isLetterOrDigit(token.text().charAt(0));
    }

    /** Words, quoted names and strings (unquoted), and the punctuation {@code , . * ( ) @ ;}; null if a quote is open. */
    private static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '`' || c == '\'' || c == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= line.length()) {
                        return null;
                    }
                    char d = line.charAt(j);
                    if (d == '\\' && c != '`' && j + 1 < line.length()) {
                        text.append(line.charAt(j + 1));
                        j += 2;
                    } else if (d == c && j + 1 < line.length() && line.charAt(j + 1) == c) {
                        text.append(c);
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        text.append(d);
                        j++;
                    }
                }
                tokens.add(new Token(text.toString(), true));
                i = j + 1;
            } else if (",.*()@;".indexOf(c) >= 0) {
                tokens.add(new Token(String.valueOf(c), false));
                i++;
            } else {
                int j = i;
                while (j < line.length() && !Character.isWhitespace(line.charAt(j))
                        && ",.*()@;`'\"".indexOf(line.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(new Token(line.substring(i, j), false));
                i = j;
            }
        }
        return tokens;
    }
}
