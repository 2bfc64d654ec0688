package dev.backstop.target.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Server-side copy of one object: a single CopyObject up to the service's limit (5 GiB), a
 * multipart copy of byte ranges beyond it. The bytes never pass through this machine. A failed
 * multipart copy is aborted.
 */
final class S3Copy {

    /** The largest object a single CopyObject may copy. */
    static final long SINGLE_COPY_LIMIT = 5L << 30;
    /** Range size of a multipart copy, unless 10,000 of them would not cover the object. */
    static final long COPY_PART = 512L << 20;

    private final S3Client client;
    private final String bucket;
    private final ObjectOptions options;
    private final long singleCopyLimit;
    private final long copyPart;
    private final ChecksumAlgorithm algorithm;

    /** @param mode the checksum of the uploads: the copy asks for the same, or for none with MD5 */
    S3Copy(S3Client client, String bucket, ObjectOptions options, long singleCopyLimit, long copyPart,
           S3Checksum mode) {
        this.client = client;
        this.bucket = bucket;
        this.options = options;
        this.singleCopyLimit = singleCopyLimit;
        this.copyPart = copyPart;
        this.algorithm = mode == S3Checksum.SHA256 ? ChecksumAlgorithm.SHA256 : null;
    }

    void copy(String from, String to, long size) throws IOException {
        if (size <= singleCopyLimit) {
            client.copyObject(b -> options.apply(b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                    .destinationKey(to).metadataDirective(MetadataDirective.COPY)
                    .checksumAlgorithm(algorithm)));
            return;
        }
        long part = Math.max(copyPart, (size + S3Upload.MAX_PARTS - 1) / S3Upload.MAX_PARTS);
        String uploadId = client.createMultipartUpload(b -> options.apply(b.bucket(bucket).key(to)
                .checksumAlgorithm(algorithm))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long start = 0; start < size; start += part, number++) {
                String range = "bytes=" + start + "-" + (Math.min(size, start + part) - 1);
                int n = number;
                CopyPartResult r = client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(from)
                        .destinationBucket(bucket).destinationKey(to).uploadId(uploadId).partNumber(n)
                        .copySourceRange(range)).copyPartResult();
                parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).checksumSHA256(r.checksumSHA256()).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(to).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            new S3Upload(client, bucket, options, S3Upload.MIN_PART).abort(to, uploadId, e);
            throw e;
        }
    }
}
