package dev.backstop.source.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Random changes to a tree between two backups, made by bash so that names are bytes: files and
 * whole directories added, changed, deleted and renamed, a directory replaced by a file and a file
 * by a directory, mode-only and owner-only changes, hard links, symbolic links made and retargeted,
 * and names with a newline, bytes that are not UTF-8, a backslash or a leading dash. The same seed
 * makes the same kinds of change to the same entries.
 */
public final class TreeChanges {

    private static final String SCRIPT = """
            set -e
            cd "$1"
            seed=$2
            RANDOM=$seed
            odd=($'new\\nline' $'caf\\xe9' $'\\xff\\xfe-x' ' lead space' '-dash' 'back\\slash' $'tab\\tx' 'é-utf8' '%41')
            modes=(600 640 644 664 700 750 755 444)
            pick() { # P: a random entry that find selects with "$@", in a stable order; false when there is none
              mapfile -d '' all < <(find . -mindepth 1 "$@" -print0 | sort -z)
              (( ${#all[@]} )) || return 1
              P=${all[RANDOM % ${#all[@]}]}
            }
            dir() { if pick -type d && (( RANDOM % 3 )); then D=$P; else D=.; fi; }
            name() { N="n$seed-$i${odd[RANDOM % ${#odd[@]}]}"; } # never the name of an entry that exists
            for ((i = 0; i < $3; i++)); do
              case $((RANDOM % 16)) in
                0) dir; name; head -c $((RANDOM % 5000)) /dev/urandom > "$D/$N" ;;
                1) pick -type f && printf 'changed %s\\n' $RANDOM >> "$P" ;;
                2) pick -type f && { t=$(stat -c %Y -- "$P"); printf X | dd of="$P" conv=notrunc status=none; touch -d @$t -- "$P"; } ;;
                3) pick '(' -type f -o -type l ')' && rm -- "$P" ;;
                4) pick -type d && rm -r -- "$P" ;;
                5) pick '(' -type f -o -type l ')' && { F=$P; dir; name; mv -- "$F" "$D/$N"; } ;;
                6) pick -type d && { name; if (( RANDOM % 2 )); then mv -- "$P" "${P%/*}/$N"; else mv -- "$P" "./$N"; fi; } ;;
                7) pick -type d && { rm -r -- "$P"; echo "was a directory" > "$P"; } ;;
                8) pick -type f && { rm -- "$P"; mkdir -- "$P"; echo "was a file" > "$P/inside"; } ;;
                9) pick -type f && chmod "${modes[RANDOM % ${#modes[@]}]}" -- "$P" ;;
                10) pick -type d && chmod "${modes[RANDOM % 3 + 4]}" -- "$P" ;;
                11) pick '(' -type f -o -type d ')' && chown $((1000 + RANDOM % 3)):$((2000 + RANDOM % 3)) -- "$P" ;;
                12) pick -type f && { F=$P; dir; name; ln -- "$F" "$D/$N"; } ;;
                13) dir; name; if pick -mindepth 1; then T=${P##*/}; else T=nowhere; fi; ln -s -- "$T" "$D/$N" ;;
                14) pick -type l && { name; ln -sfn -- "$N" "$P"; } ;;
                15) dir; name; mkdir -p -- "$D/$N/sub"; echo one > "$D/$N/a"; head -c 700 /dev/urandom > "$D/$N/sub/b" ;;
              esac
            done
            exit 0 # a last change that found nothing to change is no failure
            """;

    private TreeChanges() {
    }

    /** Makes {@code count} random changes below {@code root}; the seed, different for each call on one tree, chooses them. */
    public static void apply(Path root, int seed, int count) throws IOException, InterruptedException {
        Thread.sleep(10); // a change must not share its ctime with what the last walk stamped
        run(List.of("bash", "-c", SCRIPT, "bash", root.toString(), Integer.toString(seed), Integer.toString(count)));
        Thread.sleep(10);
    }

    /**
     * Every entry below {@code root}, sorted: type, mode, owner, size (of a non-directory), link
     * target, name and mtime in seconds; with {@link RawTree#of} it tells two trees apart.
     *
     * @param linkTimes whether symbolic links' own times count (backstop's extractor leaves them at
     *                  the time of the restore)
     */
    public static String listing(Path root, boolean linkTimes) throws IOException, InterruptedException {
        String find = run(List.of("bash", "-c",
                "cd \"$1\" && find . -printf '%y %m %U:%G %s %l|%P\\t%Ts\\0' | sort -z", "-", root.toString()));
        // one line per entry: a newline in a name or link target is shown as \n
        String lines = find.replace("\n", "\\n").replace('\0', '\n');
        String listing = lines.replaceAll("(?m)^d (\\d+) (\\S+) \\d+ ", "d $1 $2 - ");
        return linkTimes ? listing : listing.replaceAll("(?m)^(l .*)\\t\\d+$", "$1");
    }

    /** Runs {@code command} (the real GNU tar, bash) in the C locale; a non-zero exit fails the test. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(command + " failed:\n" + output);
        }
        return output;
    }
}
