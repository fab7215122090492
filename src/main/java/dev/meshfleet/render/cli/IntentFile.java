package dev.meshfleet.render.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import dev.meshfleet.intent.IntentCodec;

/**
 * Reads the CLI's input file (or standard input for {@code -}) and says in plain words why it cannot: no such file, a
 * directory, no permission, not UTF-8 text, too large. Never a bare exception message.
 */
final class IntentFile {
    /** UTF-8 takes at most 4 bytes a character: more than this cannot be an accepted document. */
    static final long MAX_BYTES = 4L * IntentCodec.MAX_DOCUMENT_CHARS;

    private IntentFile() {
    }

    /** Why the input could not be read, in words for the person who named it. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** How the input is named in messages. */
    static String describe(String file) {
        return file.equals("-") ? "standard input" : file;
    }

    static String read(String file, InputStream stdin) throws Unreadable {
        if (file.equals("-")) {
            try {
                return decode(stdin.readNBytes((int) MAX_BYTES + 1), file);
            } catch (IOException e) {
                throw new Unreadable("cannot read standard input: " + e.getMessage());
            }
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (RuntimeException e) {
            throw new Unreadable("no such file: " + file + " (not a valid path)");
        }
        if (Files.isDirectory(path)) {
            throw new Unreadable(file + " is a directory, not an intent file (give one file with -f)");
        }
        if (!Files.exists(path)) {
            throw new Unreadable("no such file: " + file);
        }
        try {
            // a pipe such as -f <(kubectl ...) is not a regular file and has no size: its bytes are counted as read
            if (Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) {
                throw tooLarge(file);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return decode(in.readNBytes((int) MAX_BYTES + 1), file);
            }
        } catch (IOException e) {
            throw explain(e, file);
        }
    }

    /** An I/O failure in words: the exception's class says more than its message, which is often only the path. */
    static Unreadable explain(IOException e, String file) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return new Unreadable("no such file: " + file);
        }
        if (e instanceof AccessDeniedException) {
            return new Unreadable("cannot read " + file + ": permission denied");
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.toLowerCase(java.util.Locale.ROOT).contains("is a directory")) {
            return new Unreadable(file + " is a directory, not an intent file (give one file with -f)");
        }
        return new Unreadable("cannot read " + file + ": " + reason);
    }

    private static String decode(byte[] bytes, String file) throws Unreadable {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Unreadable(describe(file) + " is not UTF-8 text (an intent file is YAML or JSON)");
        }
    }

    private static Unreadable tooLarge(String file) {
        return new Unreadable(describe(file) + " is larger than an intent document may be (at most "
                + IntentCodec.MAX_DOCUMENT_CHARS + " characters)");
    }
}
