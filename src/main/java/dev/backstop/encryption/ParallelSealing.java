package dev.backstop.encryption;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.crypto.CipherKey;
import com.exceptionfactory.jagged.framework.format.StandardPayloadKeyWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An age file written with its payload chunks sealed on every core. The header (recipient stanzas,
 * MAC, payload nonce) and the payload key come from Jagged; the payload is age's STREAM
 * (age-encryption.org/v1): 64 KiB plaintext chunks, each sealed with ChaCha20-Poly1305 under the
 * payload key and the 12-byte nonce of an 11-byte big-endian chunk counter and a last-chunk flag
 * (1 on the last chunk, else 0). The chunks do not depend on each other, so they are sealed in
 * parallel and written in order. The last chunk may be full, and is empty only when the whole
 * payload is: a full chunk is sealed only once a byte after it arrives.
 */
final class ParallelSealing extends OutputStream {

    static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    /** Chunks sealed or being sealed ahead of the one written next, per core. */
    private static final int AHEAD_PER_CORE = 4;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService SEALERS = Executors.newFixedThreadPool(CORES, r -> {
        Thread t = new Thread(r, "age-seal");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no ChaCha20-Poly1305", e);
        }
    });

    private final OutputStream out;
    private final SecretKey payloadKey;
    private final ArrayDeque<Future<byte[]>> sealing = new ArrayDeque<>();
    private byte[] chunk = new byte[CHUNK];
    private int filled;
    private long counter;
    private boolean closed;

    private ParallelSealing(OutputStream out, SecretKey payloadKey) {
        this.out = out;
        this.payloadKey = payloadKey;
    }

    /** Writes the header to {@code out} at once; what is written to the stream is the payload. */
    static OutputStream open(OutputStream out, List<RecipientStanzaWriter> recipients)
            throws IOException, GeneralSecurityException {
        ByteBuffer header = ByteBuffer.allocate(CHUNK);
        CipherKey key = new StandardPayloadKeyWriter().writeFileHeader(header, recipients);
        out.write(header.array(), 0, header.position());
        SecretKey payloadKey = new SecretKeySpec(key.getEncoded(), "ChaCha20");
        key.destroy();
        return new ParallelSealing(out, payloadKey);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the age stream is closed");
        }
        while (len > 0) {
            if (filled == CHUNK) {
                // more follows, so this full chunk is not the last
                seal(false);
            }
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Seals the last chunk, writes every chunk in order, and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            seal(true);
            while (!sealing.isEmpty()) {
                writeOldest();
            }
        } finally {
            sealing.forEach(f -> f.cancel(true));
        }
    }

    private void seal(boolean last) throws IOException {
        byte[] plain = filled == CHUNK ? chunk : Arrays.copyOf(chunk, filled);
        byte[] nonce = nonce(counter++, last);
        sealing.add(SEALERS.submit(() -> {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, payloadKey, new IvParameterSpec(nonce));
            byte[] sealed = new byte[plain.length + TAG];
            cipher.doFinal(plain, 0, plain.length, sealed, 0);
            return sealed;
        }));
        chunk = new byte[CHUNK];
        filled = 0;
        while (sealing.size() > CORES * AHEAD_PER_CORE) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        try {
            out.write(sealing.peek().get());
            sealing.remove();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sealing an age chunk");
        } catch (ExecutionException e) {
            throw new IOException("age chunk sealing failed: " + e.getCause(), e.getCause());
        }
    }

    /** age's STREAM nonce: the chunk counter in 11 bytes, big-endian, then 1 for the last chunk. */
    static byte[] nonce(long counter, boolean last) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[10 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }
}
