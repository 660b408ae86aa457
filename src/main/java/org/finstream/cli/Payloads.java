package org.finstream.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A dead letter's raw bytes for people: UTF-8 text when they are valid UTF-8, otherwise a hex dump. */
final class Payloads {
    private Payloads() {}

    /** The bytes as text, or null when they are not valid UTF-8. */
    static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** 16 bytes a line: offset, bytes in hex, printable ASCII (others as '.'). */
    static List<String> hexDump(byte[] raw) {
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < raw.length; start += 16) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int i = start; i < Math.min(start + 16, raw.length); i++) {
                hex.append(String.format("%02x ", raw[i] & 0xff));
                ascii.append(raw[i] >= 0x20 && raw[i] < 0x7f ? (char) raw[i] : '.');
            }
            lines.add(String.format("%08x  %-48s |%s|", start, hex, ascii));
        }
        return lines;
    }
}
