package io.peerset.api;

import io.peerset.api.spi.PayloadCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Any payload in a record: bytes in, content out, chosen by the record's
 * {@code ["m", mime]} tag through the {@link PayloadCodec}s on the classpath
 * (peerset-core provides {@code text}, {@code json} and {@code base64}).
 *
 * <pre>{@code
 * SignedRecord r = identity.sign(Payloads.draft(pngBytes, "image/png"));
 * byte[] back = Payloads.decode(r);
 * }</pre>
 */
public final class Payloads {
    private Payloads() {}

    /** The codec with this short name. @throws IllegalArgumentException listing the names available */
    public static PayloadCodec codec(String name) {
        Objects.requireNonNull(name, "codec name");
        List<String> names = new ArrayList<>();
        for (PayloadCodec c : ServiceLoader.load(PayloadCodec.class, Payloads.class.getClassLoader())) {
            if (c.name().equals(name)) {
                return c;
            }
            names.add(c.name());
        }
        throw new IllegalArgumentException("no payload codec named '" + name + "'; available: " + names);
    }

    /**
     * The first codec that supports this MIME type (specific codecs before the base64 catch-all).
     *
     * @throws IllegalArgumentException if none does (add a module with a {@link PayloadCodec} for it)
     */
    public static PayloadCodec forMime(String mimeType) {
        Objects.requireNonNull(mimeType, "MIME type");
        PayloadCodec fallback = null;
        for (PayloadCodec c : ServiceLoader.load(PayloadCodec.class, Payloads.class.getClassLoader())) {
            if (c.supports(mimeType)) {
                if (!c.name().equals("base64")) {
                    return c;
                }
                fallback = c;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException("no payload codec supports '" + mimeType
            + "'; add peerset-core (text, json, base64) or a module with a PayloadCodec for it");
    }

    /** A draft carrying this payload: content encoded by the MIME type's codec, and an {@code m} tag. */
    public static Draft draft(byte[] payload, String mimeType) {
        return Draft.text(forMime(mimeType).encode(payload, mimeType)).mime(mimeType);
    }

    /** The payload of a record, decoded by its {@code m} tag's codec ({@code text/plain} when it has none). */
    public static byte[] decode(SignedRecord record) {
        String mime = record.tag("m").orElse("text/plain");
        return forMime(mime).decode(record.content(), mime);
    }
}
