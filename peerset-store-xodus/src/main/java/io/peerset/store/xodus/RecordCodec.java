package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk form of a record: compact binary, exact round trip.
 *
 * <pre>
 * format(1) = 1 ‖ id(32) ‖ pubkey(32) ‖ sig(64) ‖ created_at(8) ‖ kind(2)
 *   ‖ varint(tag count) ‖ per tag: varint(n) ‖ n strings
 *   ‖ content string
 * string = varint(byte length) ‖ WTF-8 bytes
 * </pre>
 *
 * Strings are WTF-8 (UTF-8 that also encodes unpaired surrogates) so that any Java
 * string, even one a hostile peer built from lone {@code \ud800} escapes, comes back
 * identical. Decoding bounds every length by the bytes that remain and reports
 * damage as {@link CorruptRecordException}.
 */
final class RecordCodec {
    static final int FORMAT = 1;
    private static final int FIXED = 1 + 32 + 32 + 64 + 8 + 2;

    private RecordCodec() {}

    static byte[] encode(SignedRecord r) {
        return encode(r, Keys.hex(r.id()), Keys.hex(r.pubkey()));
    }

    /** Encodes a record whose id and pubkey the caller has already decoded. */
    static byte[] encode(SignedRecord r, byte[] id, byte[] pubkey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(FIXED + 64 + r.content().length());
        out.write(FORMAT);
        out.writeBytes(id);
        out.writeBytes(pubkey);
        out.writeBytes(Keys.hex(r.sig()));
        out.writeBytes(Keys.longBytes(r.createdAt()));
        out.write(r.kind() >>> 8);
        out.write(r.kind());
        writeVarint(out, r.tags().size());
        for (List<String> tag : r.tags()) {
            writeVarint(out, tag.size());
            for (String s : tag) {
                writeString(out, s);
            }
        }
        writeString(out, r.content());
        return out.toByteArray();
    }

    /** Offset of the kind in an encoded record. */
    private static final int KIND_OFFSET = 1 + 32 + 32 + 64 + 8;

    /**
     * The kind of an encoded record, read at its fixed offset without decoding; -1 if the
     * bytes are too short or of another format (a full decode then reports the damage).
     *
     * @param b the encoded record, possibly followed by unrelated bytes
     * @param length the length of the encoded record in {@code b}
     */
    static int kind(byte[] b, int length) {
        if (length < FIXED || b[0] != FORMAT) {
            return -1;
        }
        return ((b[KIND_OFFSET] & 0xff) << 8) | (b[KIND_OFFSET + 1] & 0xff);
    }

    /** The id stored in an encoded record (no full decode). */
    static byte[] id(byte[] encoded) {
        check(encoded.length >= FIXED && encoded[0] == FORMAT, "unknown record format or truncated header");
        byte[] id = new byte[32];
        System.arraycopy(encoded, 1, id, 0, 32);
        return id;
    }

    static SignedRecord decode(byte[] b) {
        check(b.length >= FIXED, "record is " + b.length + " bytes, shorter than the " + FIXED + "-byte header");
        check(b[0] == FORMAT, "record format " + (b[0] & 0xff) + " is unknown; expected " + FORMAT);
        Reader in = new Reader(b, 1);
        String id = Hex.encode(in.bytes(32));
        String pubkey = Hex.encode(in.bytes(32));
        String sig = Hex.encode(in.bytes(64));
        long createdAt = Keys.getLong(in.bytes(8), 0);
        int kind = ((in.u8() << 8) | in.u8());
        int tagCount = in.varint(SignedRecord.MAX_TAGS, "tag count");
        List<List<String>> tags = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            int n = in.varint(in.remaining(), "tag length");
            check(n > 0, "tag " + i + " is empty");
            List<String> tag = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                tag.add(in.string());
            }
            tags.add(tag);
        }
        String content = in.string();
        check(in.remaining() == 0, in.remaining() + " unexpected bytes after the content");
        try {
            return SignedRecord.of(id, pubkey, createdAt, kind, tags, content, sig);
        } catch (InvalidRecordException e) {
            throw new CorruptRecordException("stored record is malformed: " + e.getMessage());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new CorruptRecordException("stored record is damaged: " + what);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] buf = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[n++] = (byte) c;
            } else if (c < 0x800) {
                buf[n++] = (byte) (0xC0 | (c >> 6));
                buf[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[n++] = (byte) (0xF0 | (cp >> 18));
                buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[n++] = (byte) (0x80 | (cp & 0x3F));
            } else { // BMP character or unpaired surrogate: three bytes
                buf[n++] = (byte) (0xE0 | (c >> 12));
                buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        writeVarint(out, n);
        out.write(buf, 0, n);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int remaining() {
            return b.length - pos;
        }

        int u8() {
            check(pos < b.length, "truncated");
            return b[pos++] & 0xff;
        }

        byte[] bytes(int n) {
            check(n <= remaining(), "truncated: wanted " + n + " bytes, " + remaining() + " left");
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        int varint(int max, String what) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                check(shift <= 28, what + " varint is too long");
                int x = u8();
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            check(v <= max, what + " " + v + " exceeds " + max);
            return (int) v;
        }

        String string() {
            int n = varint(remaining(), "string length");
            int end = pos + n;
            StringBuilder sb = new StringBuilder(n);
            while (pos < end) {
                int x = b[pos++] & 0xff;
                if (x < 0x80) {
                    sb.append((char) x);
                } else if ((x & 0xE0) == 0xC0) {
                    sb.append((char) (((x & 0x1F) << 6) | cont(end)));
                } else if ((x & 0xF0) == 0xE0) {
                    int c = ((x & 0x0F) << 12) | (cont(end) << 6);
                    sb.append((char) (c | cont(end)));
                } else if ((x & 0xF8) == 0xF0) {
                    int cp = ((x & 0x07) << 18) | (cont(end) << 12);
                    cp |= cont(end) << 6;
                    cp |= cont(end);
                    check(cp >= 0x10000 && cp <= 0x10FFFF, "invalid code point " + cp);
                    sb.appendCodePoint(cp);
                } else {
                    throw new CorruptRecordException("stored record is damaged: invalid string byte 0x" + Integer.toHexString(x));
                }
            }
            return sb.toString();
        }

        private int cont(int end) {
            check(pos < end, "truncated character");
            int x = b[pos++] & 0xff;
            check((x & 0xC0) == 0x80, "invalid continuation byte 0x" + Integer.toHexString(x));
            return x & 0x3F;
        }
    }

    /** A stored record that cannot be decoded: the directory is damaged. */
    static final class CorruptRecordException extends IllegalStateException {
        CorruptRecordException(String message) {
            super(message);
        }
    }
}
