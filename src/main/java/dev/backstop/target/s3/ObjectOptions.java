package dev.backstop.target.s3;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Storage class and server-side encryption, set the same way on every object backstop creates. */
record ObjectOptions(String storageClass, String serverSideEncryption, String kmsKeyId) {

    static ObjectOptions of(S3Config config) {
        return new ObjectOptions(config.storageClass(), config.serverSideEncryption(), config.kmsKeyId());
    }

    PutObjectRequest.Builder apply(PutObjectRequest.Builder b, boolean data) {
        if (data && storageClass != null) {
            b.storageClass(storageClass);
        }
        if (serverSideEncryption != null) {
            b.serverSideEncryption(serverSideEncryption).ssekmsKeyId(kmsKeyId);
        }
        return b;
    }

    CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
        if (storageClass != null) {
            b.storageClass(storageClass);
        }
        if (serverSideEncryption != null) {
            b.serverSideEncryption(serverSideEncryption).ssekmsKeyId(kmsKeyId);
        }
        return b;
    }

    CopyObjectRequest.Builder apply(CopyObjectRequest.Builder b) {
        if (storageClass != null) {
            b.storageClass(storageClass);
        }
        if (serverSideEncryption != null) {
            b.serverSideEncryption(serverSideEncryption).ssekmsKeyId(kmsKeyId);
        }
        return b;
    }
}
