package dev.backstop.target;

import dev.backstop.core.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A target that passes every call to another; tests override one method to plant a fault, the
 * way a retry or logging decorator wraps a real target.
 */
public class ForwardingTarget implements Target {

    protected final Target delegate;

    public ForwardingTarget(Target delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public long preflight(long expectedBytes) throws TargetException {
        return delegate.preflight(expectedBytes);
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        delegate.makeDirectories(dir);
    }

    @Override
    public long write(String path, InputStream in) throws IOException {
        return delegate.write(path, in);
    }

    @Override
    public InputStream read(String path) throws IOException {
        return delegate.read(path);
    }

    @Override
    public Optional<FileInfo> stat(String path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public List<FileInfo> list(String dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void syncDirectory(String dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public Optional<String> storageSha256(String path) throws IOException {
        return delegate.storageSha256(path);
    }

    @Override
    public List<String> discardIncompleteUploads(String dir) throws IOException {
        return delegate.discardIncompleteUploads(dir);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
