package dev.backstop.config;

import dev.backstop.core.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Every problem found in one configuration file, each with its position. Collected first and
 * thrown once, so that a broken file is fixed in one round rather than one error per attempt.
 */
final class Problems {

    /** Line and column are 1-based, as editors show them. */
    private record Problem(int line, int column, int order, String text) {
    }

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Records a problem at the start of {@code at}; an empty {@code path} means the file as a whole. */
    void add(Node at, String path, String message) {
        Mark mark = at == null ? null : at.getStartMark().orElse(null);
        addAt(mark == null ? 0 : mark.getLine(), mark == null ? 0 : mark.getColumn(), path, message);
    }

    /** Records a problem at a 0-based line and column, as SnakeYAML counts them. */
    void addAt(int line0, int column0, String path, String message) {
        String where = file + ":" + (line0 + 1) + ":" + (column0 + 1) + ": ";
        String text = where + (path.isEmpty() ? "" : path + ": ") + message;
        problems.add(new Problem(line0 + 1, column0 + 1, problems.size(), text));
    }

    int count() {
        return problems.size();
    }

    /** Throws one ConfigException with a line per problem, in file order, if any was recorded. */
    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            throw toException();
        }
    }

    /** One ConfigException with a line per recorded problem, in file order. */
    ConfigException toException() {
        String message = problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)
                        .thenComparingInt(Problem::order))
                .map(Problem::text)
                .collect(Collectors.joining("\n"));
        return new ConfigException(message);
    }
}
