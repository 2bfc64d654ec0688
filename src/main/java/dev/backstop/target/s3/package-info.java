/**
 * {@code type: s3}: a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph RGW), reached
 * with the AWS SDK for Java v2. Directories are key prefixes; a rename is a copy and a delete, with
 * the commit record (MANIFEST.json) copied last and removed first, so that a prefix never looks
 * complete before it is. Every upload carries its SHA-256 for the service to check. Imports no
 * sibling target package.
 */
package dev.backstop.target.s3;
