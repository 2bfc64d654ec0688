package dev.backstop.target.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams one object to S3 in constant memory: a stream that fits in one part goes up in a single
 * PUT, a longer one as a multipart upload, one part in memory at a time. Every request carries a
 * checksum of its bytes, which the service checks before it stores anything: the SHA-256
 * ({@code x-amz-checksum-sha256}), or for services that do not know it the MD5 ({@code Content-MD5},
 * which every S3-compatible service checks). An answer that echoes a different SHA-256 is refused
 * here too. Nothing is sent that the service did not ask for: no trailing checksums. A multipart upload that
 * fails is aborted, so no invisible, billed parts stay behind (unless the service cannot be reached
 * at all: {@link S3Target#discardIncompleteUploads} sweeps those).
 */
final class S3Upload {

    /** The smallest part S3 accepts (the last one excepted). */
    static final int MIN_PART = 5 << 20;
    /** Parts per size step: the part size doubles after each, so 10,000 parts hold about 969 GiB. */
    static final int PARTS_PER_STEP = 2000;
    static final int MAX_PARTS = 10_000;
    /** How often a part whose bytes the service received changed is sent. */
    static final int PART_ATTEMPTS = 3;

    private final S3Client client;
    private final String bucket;
    private final ObjectOptions options;
    private final int firstPartSize;
    private final S3Checksum mode;
    private final Checksum checksum;

    /** The checksum sent with a part; tests replace it with a wrong one. */
    @FunctionalInterface
    interface Checksum {
        String of(byte[] buffer, int length);
    }

    S3Upload(S3Client client, String bucket, ObjectOptions options, int firstPartSize) {
        this(client, bucket, options, firstPartSize, S3Checksum.SHA256, S3Upload::sha256);
    }

    /**
     * @param mode     {@link S3Checksum#SHA256} or {@link S3Checksum#MD5}
     * @param checksum computes the SHA-256 sent in SHA-256 mode
     */
    S3Upload(S3Client client, String bucket, ObjectOptions options, int firstPartSize, S3Checksum mode,
             Checksum checksum) {
        if (mode == S3Checksum.AUTO) {
            throw new IllegalArgumentException("checksum: auto is resolved before anything is written");
        }
        if (firstPartSize < MIN_PART) {
            throw new IllegalArgumentException("part size " + firstPartSize + " is below the minimum " + MIN_PART);
        }
        this.client = client;
        this.bucket = bucket;
        this.options = options;
        this.firstPartSize = firstPartSize;
        this.mode = mode;
        this.checksum = checksum;
    }

    /** Size of part {@code number} (1-based): the first size, doubled every {@link #PARTS_PER_STEP} parts. */
    static long partSize(int first, int number) {
        return (long) first << Math.min((number - 1) / PARTS_PER_STEP, 8);
    }

    /** Thrown for a failure of the source stream, never of the storage: not mapped, not retried as such. */
    static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** @return the bytes stored */
    long upload(String key, InputStream in) throws IOException, SdkException {
        byte[] buffer = new byte[firstPartSize];
        int n = fill(in, buffer);
        int next = n < buffer.length ? -1 : readByte(in);
        if (next < 0) {
            return put(key, buffer, n);
        }
        return multipart(key, in, buffer, n, next);
    }

    private long put(String key, byte[] buffer, int n) throws IOException {
        if (mode == S3Checksum.MD5) {
            String md5 = md5(buffer, n);
            client.putObject(b -> options.apply(b.bucket(bucket).key(key).contentLength((long) n).contentMD5(md5), true),
                    body(buffer, n));
            return n;
        }
        String sha = checksum.of(buffer, n);
        PutObjectResponse r = client.putObject(b -> options.apply(b.bucket(bucket).key(key).contentLength((long) n)
                .checksumSHA256(sha), true), body(buffer, n));
        checkEcho(key, sha, r.checksumSHA256());
        return n;
    }

    private long multipart(String key, InputStream in, byte[] first, int n, int next) throws IOException {
        String uploadId = client.createMultipartUpload(b -> options.apply(b.bucket(bucket).key(key)
                .checksumAlgorithm(mode == S3Checksum.SHA256 ? ChecksumAlgorithm.SHA256 : null))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            int length = n;
            long total = 0;
            for (int number = 1; ; number++) {
                parts.add(part(key, uploadId, number, buffer, length));
                total += length;
                if (next < 0) {
                    break;
                }
                if (number == MAX_PARTS) {
                    throw new IOException("writing " + key + ": more than " + MAX_PARTS + " parts; the object would be"
                            + " larger than S3 allows");
                }
                long size = partSize(firstPartSize, number + 1);
                if (size != buffer.length) {
                    buffer = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
                }
                buffer[0] = (byte) next;
                length = 1 + fill(in, buffer, 1);
                next = length < buffer.length ? -1 : readByte(in);
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return total;
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /**
     * Sends one part; a part the service refused because its bytes changed on the way is sent again
     * from memory, as the stream it came from cannot be read twice.
     */
    private CompletedPart part(String key, String uploadId, int number, byte[] buffer, int length) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendPart(key, uploadId, number, buffer, length);
            } catch (S3Exception e) {
                if (attempt == PART_ATTEMPTS || !S3Errors.changedOnTheWay(e)) {
                    throw e;
                }
            }
        }
    }

    private CompletedPart sendPart(String key, String uploadId, int number, byte[] buffer, int length)
            throws IOException {
        if (mode == S3Checksum.MD5) {
            String md5 = md5(buffer, length);
            UploadPartResponse r = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number).contentLength((long) length).contentMD5(md5), body(buffer, length));
            return CompletedPart.builder().partNumber(number).eTag(r.eTag()).build();
        }
        String sha = checksum.of(buffer, length);
        UploadPartResponse r = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength((long) length).checksumSHA256(sha), body(buffer, length));
        checkEcho(key + " part " + number, sha, r.checksumSHA256());
        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumSHA256(sha).build();
    }

    /** Aborts with the interrupt flag cleared, so that the abort itself can go through; the flag is restored. */
    void abort(String key, String uploadId, Exception failure) {
        boolean interrupted = Thread.interrupted();
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            failure.addSuppressed(new IOException("could not abort the multipart upload " + uploadId + " of " + key
                    + " (the next run's sweep discards it): " + S3Errors.firstLine(e.getMessage()), e));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void checkEcho(String what, String sent, String echoed) throws IOException {
        // a service that ignores checksums echoes none; one that echoes another has stored other bytes
        if (echoed != null && !echoed.isEmpty() && !echoed.equals(sent)) {
            throw new IOException("writing " + what + ": the service reports SHA-256 " + hex(echoed)
                    + " for the bytes it stored, backstop sent " + hex(sent));
        }
    }

    private static RequestBody body(byte[] buffer, int length) {
        // a provider, not a copy: the client can replay the part from the buffer when it retries
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private static int fill(InputStream in, byte[] buffer) throws IOException {
        return fill(in, buffer, 0);
    }

    private static int fill(InputStream in, byte[] buffer, int from) throws IOException {
        try {
            return in.readNBytes(buffer, from, buffer.length - from);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    private static int readByte(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    static String sha256(byte[] buffer, int length) {
        MessageDigest d = dev.backstop.core.Sha256.newDigest();
        d.update(buffer, 0, length);
        return Base64.getEncoder().encodeToString(d.digest());
    }

    static String md5(byte[] buffer, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("MD5");
            d.update(buffer, 0, length);
            return Base64.getEncoder().encodeToString(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /** A base64 checksum as hex, or null when it is not one. */
    static String hex(String base64) {
        try {
            return dev.backstop.core.Sha256.hex(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
