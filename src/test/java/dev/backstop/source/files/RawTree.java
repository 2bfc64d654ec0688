package dev.backstop.source.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Directory trees as the kernel holds them, with names as bytes: made by bash and listed by
 * {@code find -print0} and {@code sha256sum -z}, so that no name ever passes through Java's
 * decoding on the way, whatever the JVM's locale.
 */
public final class RawTree {

    /** One entry to create: a file (its content is its own name), a directory, or a symlink to {@code target}. */
    public record Entry(char kind, byte[] name, byte[] target) {
        public static Entry file(byte[] name) {
            return new Entry('f', name, null);
        }

        public static Entry directory(byte[] name) {
            return new Entry('d', name, null);
        }

        public static Entry symlink(byte[] name, byte[] target) {
            return new Entry('l', name, target);
        }
    }

    private RawTree() {
    }

    /** Creates {@code entries} below {@code dir}, in order (a directory before what it holds). */
    public static void create(Path dir, List<Entry> entries) throws IOException, InterruptedException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (Entry e : entries) {
            list.write(e.kind());
            list.write(0);
            list.write(e.name());
            list.write(0);
            if (e.target() != null) {
                list.write(e.target());
                list.write(0);
            }
        }
        Path listFile = Files.createTempFile("raw-names", ".list");
        try {
            Files.write(listFile, list.toByteArray());
            run("""
                    cd "$1"
                    while IFS= read -r -d '' kind && IFS= read -r -d '' name; do
                      case $kind in
                        f) printf '%s' "$name" > "$name" ;;
                        d) mkdir -- "$name" ;;
                        l) IFS= read -r -d '' target; ln -s -- "$target" "$name" ;;
                      esac
                    done < "$2"
                    """, dir.toString(), listFile.toString());
        } finally {
            Files.delete(listFile);
        }
    }

    /**
     * Every entry below {@code root} by its path relative to {@code root}, shown with each byte
     * outside printable ASCII (and the backslash) as {@code \xNN}, so that two names differ here
     * exactly when their bytes differ; the value is "directory", "-> target" or a file's SHA-256.
     */
    public static SortedMap<String, String> of(Path root) throws IOException, InterruptedException {
        List<byte[]> listed = split(run("cd \"$1\" && find . -mindepth 1 -printf '%y\\0%P\\0%l\\0'", root.toString()));
        Map<String, String> hashes = new TreeMap<>();
        String hashAll = "cd \"$1\" && find . -mindepth 1 -type f -printf '%P\\0' | xargs -0 -r sha256sum -z --";
        for (byte[] line : split(run(hashAll, root.toString()))) { // "<64 hex>  <name>"
            hashes.put(show(Arrays.copyOfRange(line, 66, line.length)), new String(line, 0, 64, StandardCharsets.US_ASCII));
        }
        SortedMap<String, String> tree = new TreeMap<>();
        for (int i = 0; i + 2 < listed.size(); i += 3) {
            String type = new String(listed.get(i), StandardCharsets.US_ASCII);
            String path = show(listed.get(i + 1));
            tree.put(path, switch (type) {
                case "d" -> "directory";
                case "l" -> "-> " + show(listed.get(i + 2));
                case "f" -> hashes.get(path);
                default -> "type " + type;
            });
        }
        return tree;
    }

    /**
     * Names that an escaping scheme or a lossy decoder would confuse: bytes that are not UTF-8
     * next to a file really named like their {@code %XX} form, a newline, components of 255 bytes,
     * a directory and symlink targets that are not UTF-8.
     */
    public static List<Entry> trickyEntries() {
        byte[] longInvalid = new byte[255];
        Arrays.fill(longInvalid, (byte) 0xff);
        return List.of(
                Entry.file(bytes("\u00ff\u00fe-caf\u00e9.txt")),
                Entry.file(bytes("%FF%FE-caf%E9.txt")),
                Entry.file(bytes("%25FF%25FE-caf%25E9.txt")),
                Entry.file(bytes("caf\u00e9.txt")),
                Entry.file("café.txt".getBytes(StandardCharsets.UTF_8)),
                Entry.file(bytes("line\nbreak\u00e9")),
                Entry.file(bytes("back\\slash\\x41")),
                Entry.file(bytes("\u00c3")), // a UTF-8 sequence cut short
                Entry.file(bytes("\u00ed\u00a0\u0080")), // a surrogate, encoded
                Entry.file(bytes("\u00c0\u00af")), // an overlong '/'
                Entry.file(longInvalid),
                Entry.file(("é".repeat(127) + "x").getBytes(StandardCharsets.UTF_8)),
                Entry.directory(bytes("d\u00e9j\u00e0")),
                Entry.file(bytes("d\u00e9j\u00e0/\u0080\u0081")),
                Entry.file(concat(bytes("d\u00e9j\u00e0/"), longInvalid)),
                Entry.symlink(bytes("lien\u00e9"), bytes("\u00ff\u00fe-caf\u00e9.txt")),
                Entry.symlink(bytes("lien-absolu\u00e9"), bytes("/nonexistent/\u00e9t\u00e9")),
                Entry.symlink(bytes("lien-parent"), bytes("../\u00e9")));
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    /**
     * {@code count} distinct random names for one directory: 1 to 255 bytes, any byte but '/'
     * and NUL, never "." or ".."; most of them are not valid UTF-8.
     */
    public static List<byte[]> randomNames(Random random, int count) {
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> names = new ArrayList<>();
        while (names.size() < count) {
            byte[] name = new byte[1 + random.nextInt(random.nextInt(8) == 0 ? 255 : 24)];
            for (int i = 0; i < name.length; i++) {
                int b;
                do {
                    b = 1 + random.nextInt(255);
                } while (b == '/');
                name[i] = (byte) b;
            }
            String shown = show(name);
            if (!shown.equals(".") && !shown.equals("..") && seen.add(shown)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Bytes of an ISO-8859-1 string: "caf\u00e9" is the four bytes 'c' 'a' 'f' 0xE9. */
    public static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes with every byte outside printable ASCII, and the backslash, as {@code \xNN}. */
    public static String show(byte[] name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.toString();
    }

    private static List<byte[]> split(byte[] nulSeparated) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                parts.add(Arrays.copyOfRange(nulSeparated, start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static byte[] run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("failed: " + script);
        }
        return out;
    }
}
