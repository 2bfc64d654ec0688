package dev.backstop.target.s3;

import dev.backstop.core.TargetException;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import dev.backstop.target.TargetPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link Target} in a bucket of an S3-compatible object store: {@code type: s3}. A path is the
 * key below the configured prefix. Directories are key prefixes; {@link #makeDirectories} leaves
 * an empty marker object ({@code dir/}) so that an empty directory exists, as on a file system.
 * Objects are written whole or not at all, so nothing needs an fsync. Transport failures surface
 * as {@link dev.backstop.target.TransientIOException} for {@link dev.backstop.target.RetryingTarget}.
 */
public final class S3Target implements Target {

    /**
     * First part size of multipart uploads; streams up to this size go up in one PUT. A part is
     * held in memory while it is sent: 8 MiB (the AWS CLI's default) fits the launcher's heap
     * beside everything else a run holds.
     */
    static final int PART_SIZE = 8 << 20;

    private final S3Config config;
    private final String root;
    private final S3Connection connection;
    private final ObjectOptions options;
    private final int partSize;
    private final long singleCopyLimit;
    private final S3Upload.Checksum checksum;
    private final ChecksumChoice transport;

    /**
     * A target for {@code config}; nothing connects until the first call.
     *
     * @param stateDir where {@code checksum: auto} remembers what the service accepts, or null
     */
    public S3Target(S3Config config, Path stateDir) {
        this(config, stateDir, System::getenv, PART_SIZE, S3Copy.SINGLE_COPY_LIMIT, S3Upload::sha256);
    }

    S3Target(S3Config config, Function<String, String> env, int partSize, long singleCopyLimit) {
        this(config, null, env, partSize, singleCopyLimit, S3Upload::sha256);
    }

    /** A target whose uploads send the SHA-256 that {@code checksum} computes; a test makes it lie, to see the service refuse. */
    S3Target(S3Config config, Path stateDir, Function<String, String> env, int partSize, long singleCopyLimit,
             S3Upload.Checksum checksum) {
        this.config = config;
        this.transport = new ChecksumChoice(config, stateDir, Clock.systemUTC());
        this.root = config.prefix();
        this.connection = new S3Connection(config, env);
        this.options = ObjectOptions.of(config);
        this.partSize = partSize;
        this.singleCopyLimit = singleCopyLimit;
        this.checksum = checksum;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public long preflight(long expectedBytes) throws TargetException {
        return new S3Preflight(this, config, connection, transport).run();
    }

    /** The checksum uploads send now ({@code sha256} or {@code md5}). */
    public S3Checksum checksum() {
        return transport.current();
    }

    /** The object key of a target path. */
    String key(String path) {
        TargetPaths.check(path);
        return root.isEmpty() ? path : path.isEmpty() ? root : root + "/" + path;
    }

    /** The key prefix of everything below a directory, ending with '/' (or empty for the bucket's top). */
    private String prefix(String dir) {
        String key = key(dir);
        return key.isEmpty() ? "" : key + "/";
    }

    private String bucket() {
        return config.bucket();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(S3Client client) throws IOException;
    }

    /** Runs one operation, turning what the client throws into the Target contract's exceptions. */
    private <T> T call(String what, Call<T> call) throws IOException {
        S3Client client = connection.client();
        try {
            return call.run(client);
        } catch (SdkException e) {
            IOException mapped = S3Errors.map(e, what, connection.where());
            if (mapped instanceof UnsupportedFeatureException u && transport.current() == S3Checksum.SHA256) {
                throw u.withHint("the service may not know x-amz-checksum-sha256: set checksum: md5 on target '"
                        + config.name() + "'");
            }
            throw mapped;
        }
    }

    private S3Tree tree(S3Client client) {
        return new S3Tree(client, bucket(), new S3Copy(client, bucket(), options, singleCopyLimit, S3Copy.COPY_PART,
                transport.current()),
                new ObjectLockCheck(client, bucket(), connection.where()), transport.current());
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        if (TargetPaths.check(dir).isEmpty()) {
            return;
        }
        String marker = prefix(dir);
        call("creating " + marker, c -> c.putObject(b -> options.apply(b.bucket(bucket()).key(marker)
                .contentLength(0L), false), RequestBody.empty()));
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        String key = key(TargetPaths.checkNotRoot(path));
        try {
            return call("writing " + key, c -> new S3Upload(c, bucket(), options, partSize, transport.current(),
                    checksum).upload(key, in));
        } catch (S3Upload.SourceFailure f) {
            throw (IOException) f.getCause();
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        String key = key(TargetPaths.checkNotRoot(path));
        return new S3Read(connection.client(), bucket(), key, connection.where());
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        if (TargetPaths.check(path).isEmpty()) {
            return Optional.of(new FileInfo("", true, 0, null));
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        Optional<HeadObjectResponse> head = head(key(path), false);
        if (head.isPresent()) {
            return Optional.of(new FileInfo(last, false, head.get().contentLength(), head.get().lastModified()));
        }
        String prefix = prefix(path);
        ListObjectsV2Response r = call("stat of " + prefix, c -> c.listObjectsV2(b -> b.bucket(bucket())
                .prefix(prefix).maxKeys(1)));
        return r.contents().isEmpty() ? Optional.empty() : Optional.of(new FileInfo(last, true, 0, null));
    }

    private Optional<HeadObjectResponse> head(String key, boolean checksum) throws IOException {
        return call("stat of " + key, c -> {
            try {
                return Optional.of(c.headObject(b -> b.bucket(bucket()).key(key)
                        .checksumMode(checksum ? ChecksumMode.ENABLED : null)));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && e.awsErrorDetails() != null && !"NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        String prefix = prefix(dir);
        return call("listing " + (prefix.isEmpty() ? "the bucket" : prefix), c -> {
            Map<String, FileInfo> entries = new TreeMap<>();
            for (ListObjectsV2Response page : c.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix).delimiter("/"))) {
                for (S3Object o : page.contents()) {
                    String name = o.key().substring(prefix.length());
                    if (name.endsWith("/")) {
                        // a directory marker listed as an object, as some services do, not under the common prefixes
                        directory(entries, name.substring(0, name.length() - 1));
                    } else if (!name.isEmpty()) {
                        entries.put(name, new FileInfo(name, false, o.size(), o.lastModified()));
                    }
                }
                for (CommonPrefix p : page.commonPrefixes()) {
                    directory(entries, p.prefix().substring(prefix.length(), p.prefix().length() - 1));
                }
            }
            return new ArrayList<>(entries.values());
        });
    }

    private static void directory(Map<String, FileInfo> entries, String name) {
        if (!name.isEmpty()) {
            entries.put(name, new FileInfo(name, true, 0, null));
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        String source = key(TargetPaths.checkNotRoot(from));
        String destination = key(TargetPaths.checkNotRoot(to));
        String what = "renaming " + source + " to " + destination;
        Optional<HeadObjectResponse> file = head(source, false);
        call(what, c -> {
            S3Tree tree = tree(c);
            List<S3Object> existing = tree.objects(destination + "/");
            if (file.isPresent()) {
                if (!existing.isEmpty() || head(destination, false).isPresent()) {
                    throw new FileAlreadyExistsException(destination, null, "rename refused: the destination exists");
                }
                new S3Copy(c, bucket(), options, singleCopyLimit, S3Copy.COPY_PART, transport.current())
                        .copy(source, destination, file.get().contentLength());
                tree.deleteKeys(List.of(source));
                return null;
            }
            List<S3Object> sources = tree.objects(source + "/");
            if (sources.isEmpty()) {
                throw new NoSuchFileException(source, null, "nothing to rename");
            }
            if (existing.isEmpty() && head(destination, false).isPresent()) {
                throw new FileAlreadyExistsException(destination, null, "rename refused: the destination exists");
            }
            tree.renameDirectory(source, destination, sources, existing);
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        String key = key(TargetPaths.checkNotRoot(path));
        call("deleting " + key, c -> {
            S3Tree tree = tree(c);
            tree.deleteAll(tree.objects(key + "/"));
            tree.deleteKeys(List.of(key));
            return null;
        });
    }

    @Override
    public void syncDirectory(String dir) {
        TargetPaths.check(dir);
        // an object is stored whole when its PUT returns; there is nothing to flush
    }

    /**
     * The SHA-256 the service computed over the whole object when it received it. Empty for an
     * object stored in parts: its checksum is then one over the parts' checksums, not the file's;
     * and with Content-MD5 uploads, whose objects carry no SHA-256: they are read back instead.
     */
    @Override
    public Optional<String> storageSha256(String path) throws IOException {
        String key = key(TargetPaths.checkNotRoot(path));
        if (transport.current() == S3Checksum.MD5) {
            return Optional.empty();
        }
        Optional<HeadObjectResponse> head = head(key, true);
        if (head.isEmpty()) {
            throw new NoSuchFileException(key);
        }
        String sha = head.get().checksumSHA256();
        if (sha == null || sha.isEmpty() || sha.contains("-") || head.get().checksumType() == ChecksumType.COMPOSITE) {
            return Optional.empty();
        }
        String hex = S3Upload.hex(sha);
        return Optional.of(hex == null ? sha : hex);
    }

    @Override
    public List<String> discardIncompleteUploads(String dir) throws IOException {
        String prefix = prefix(dir);
        return call("discarding incomplete uploads below " + prefix, c -> {
            List<String> discarded = new ArrayList<>();
            for (MultipartUpload u : c.listMultipartUploadsPaginator(b -> b.bucket(bucket()).prefix(prefix)).uploads()) {
                c.abortMultipartUpload(b -> b.bucket(bucket()).key(u.key()).uploadId(u.uploadId()));
                discarded.add(root.isEmpty() ? u.key() : u.key().substring(root.length() + 1));
            }
            return discarded;
        });
    }

    @Override
    public void close() {
        connection.close();
    }
}
