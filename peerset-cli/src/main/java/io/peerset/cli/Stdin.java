package io.peerset.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bounded, strict UTF-8 reading of standard input. */
final class Stdin {
    private Stdin() {}

    /**
     * Reads all of {@code in} as UTF-8, refusing more than {@code maxBytes} bytes or malformed UTF-8.
     *
     * @throws IllegalArgumentException saying what is wrong with the input
     */
    static String readUtf8(InputStream in, int maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(what + " on standard input must be at most " + maxBytes + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " on standard input is not valid UTF-8");
        }
    }
}
