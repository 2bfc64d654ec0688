package dev.backstop.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it; discarded ones too, as they are read (as zeros). */
public final class CountingInput extends FilterInputStream implements DiscardableInput {

    private long count;

    public CountingInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
    }

    @Override
    public void discardNext(long n) throws IOException {
        if (in instanceof DiscardableInput d) {
            d.discardNext(n);
        }
    }

    public long count() {
        return count;
    }
}
