package dev.backstop.target.s3;

import dev.backstop.core.Manifest;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Directory operations on key prefixes: a rename copies every object and then deletes the
 * sources, a delete removes every object below a prefix. Objects named MANIFEST.json, the commit
 * record of a backup set, are copied last and deleted first: a reader treats a set without a
 * valid manifest as garbage, so a rename or a delete cut halfway never leaves a prefix that looks
 * complete and is not. With Content-MD5 uploads ({@link S3Checksum#MD5}) objects are deleted one
 * by one: the SDK sends DeleteObjects with a CRC32 header that the older services refuse.
 */
final class S3Tree {

    private static final int DELETE_BATCH = 1000;

    private final S3Client client;
    private final String bucket;
    private final S3Copy copy;
    private final ObjectLockCheck lock;
    private final boolean oneByOne;

    S3Tree(S3Client client, String bucket, S3Copy copy, ObjectLockCheck lock, S3Checksum checksum) {
        this.client = client;
        this.bucket = bucket;
        this.copy = copy;
        this.lock = lock;
        this.oneByOne = checksum == S3Checksum.MD5;
    }

    /** Every object below {@code prefix} (which ends with '/'), markers included. */
    List<S3Object> objects(String prefix) {
        List<S3Object> out = new ArrayList<>();
        client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(out::add);
        return out;
    }

    /**
     * Renames the prefix {@code from/} to {@code to/}. Refuses a destination that exists, unless it
     * is this same rename, cut after its copies: the destination then holds the manifest and every
     * object still left at the source, which is finished by deleting the rest of the source.
     */
    void renameDirectory(String from, String to, List<S3Object> sources, List<S3Object> existing) throws IOException {
        String fromPrefix = from + "/";
        String toPrefix = to + "/";
        if (!existing.isEmpty()) {
            if (copiedEarlier(fromPrefix, toPrefix, sources, existing)) {
                deleteAll(sources);
                return;
            }
            throw new FileAlreadyExistsException(to, null, "rename refused: the destination exists");
        }
        List<S3Object> ordered = new ArrayList<>(sources);
        ordered.sort(Comparator.comparing(S3Tree::isCommitRecord));
        List<String> copied = new ArrayList<>();
        try {
            for (S3Object o : ordered) {
                String target = toPrefix + o.key().substring(fromPrefix.length());
                copy.copy(o.key(), target, o.size());
                copied.add(target);
            }
        } catch (IOException | RuntimeException e) {
            // undo, newest first, so the manifest (copied last) goes first
            for (int i = copied.size() - 1; i >= 0; i--) {
                String key = copied.get(i);
                try {
                    client.deleteObject(b -> b.bucket(bucket).key(key));
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
        deleteAll(sources);
    }

    private static boolean copiedEarlier(String fromPrefix, String toPrefix, List<S3Object> sources,
                                         List<S3Object> existing) {
        Map<String, Long> there = new HashMap<>();
        existing.forEach(o -> there.put(o.key().substring(toPrefix.length()), o.size()));
        boolean sourceHasRecord = sources.stream().anyMatch(S3Tree::isCommitRecord);
        boolean destinationHasRecord = existing.stream().anyMatch(S3Tree::isCommitRecord);
        return !sourceHasRecord && destinationHasRecord && sources.stream()
                .allMatch(o -> o.size().equals(there.get(o.key().substring(fromPrefix.length()))));
    }

    static boolean isCommitRecord(S3Object o) {
        return o.key().endsWith("/" + Manifest.FILE_NAME);
    }

    /**
     * Deletes the objects: commit records first, directory markers last and deepest first (stores
     * that keep objects as files hold a marker as the directory of its contents).
     */
    void deleteAll(List<S3Object> objects) throws IOException {
        List<String> records = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (S3Object o : objects) {
            (isCommitRecord(o) ? records : o.key().endsWith("/") ? markers : rest).add(o.key());
        }
        markers.sort(Comparator.comparing(String::length).reversed());
        deleteKeys(records);
        deleteKeys(rest);
        for (String marker : markers) {
            deleteKeys(List.of(marker));
        }
    }

    void deleteKeys(List<String> keys) throws IOException {
        if (oneByOne) {
            for (String key : keys) {
                deleteKey(key);
            }
            return;
        }
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            Delete delete = Delete.builder().objects(batch).quiet(true).build();
            DeleteObjectsResponse r = client.deleteObjects(b -> b.bucket(bucket).delete(delete));
            // a key that is already gone is what a delete wants
            List<S3Error> errors = r.errors().stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
            if (!errors.isEmpty()) {
                throw refused(errors);
            }
        }
    }

    private void deleteKey(String key) throws IOException {
        try {
            // a key that is already gone answers 204 too
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
                throw e;
            }
            throw lock.explainRefusal("deleting " + key, e.awsErrorDetails().errorCode(),
                    e.awsErrorDetails().errorMessage());
        }
    }

    private IOException refused(List<S3Error> errors) {
        S3Error first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return lock.explainRefusal("deleting " + first.key() + more, first.code(), first.message());
    }
}
