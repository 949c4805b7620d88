package onedoor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * onedoor for Java, through JNA (the Debian jar; no code generation, no Maven).
 *
 * <pre>
 * try (Engine eng = new Engine("{\"database\":\"district.db\",\"district_file\":\"...\"}")) {
 *     String caseJson = eng.call("intake", "{\"actor\":{...},\"applicant\":{...},...}");
 * }
 * </pre>
 *
 * Requests and responses are JSON text (use the JSON library your portal already has).
 * A status other than OK throws {@link OnedoorException}.
 *
 * Text is always UTF-8, whatever the JVM's default charset: strings go to the library as
 * UTF-8 bytes this class encodes itself, and come back decoded as UTF-8. JNA's own
 * String mapping uses the platform charset (under LANG=C that is ASCII, and 王明华 would
 * be stored as "???" -- valid UTF-8, so the library cannot refuse it).
 * Every response pointer is copied and handed back to od_free.
 * An Engine may be used from many threads at once (the library serialises what it must);
 * close() waits for calls in flight and refuses later ones, as od_close requires.
 */
public final class Engine implements AutoCloseable {
    /** The C functions, declared with byte[] and Pointer so JNA converts no text. */
    interface Lib extends Library {
        Pointer od_version();
        int od_version_number();
        Pointer od_status_name(int status);
        int od_open(byte[] config, PointerByReference engine, PointerByReference error);
        void od_close(Pointer engine);
        int od_call(Pointer engine, byte[] operation, byte[] request, PointerByReference response);
        void od_free(Pointer ptr);
    }

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int NOT_FOUND = 2;
    public static final int FORBIDDEN = 3;
    public static final int CONFLICT = 4;
    public static final int ARCHIVED = 5;
    public static final int TOO_LARGE = 6;
    public static final int CONFIG = 7;
    public static final int STORAGE = 8;
    public static final int NOMEM = 9;
    public static final int MISUSE = 10;
    public static final int UNKNOWN_OP = 11;
    public static final int INTERNAL = 12;

    private static final Lib LIB = Native.load(
            System.getenv().getOrDefault("ONEDOOR_LIBRARY", "onedoor"), Lib.class);

    private Pointer handle;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public Engine(String configJson) {
        PointerByReference engine = new PointerByReference();
        PointerByReference error = new PointerByReference();
        int status = LIB.od_open(utf8(configJson), engine, error);
        String text = take(error.getValue());
        if (status != OK) throw failure(status, text);
        handle = engine.getValue();
    }

    /** Runs one operation; returns the response document or throws OnedoorException. */
    public String call(String operation, String requestJson) {
        int status;
        String text;
        lock.readLock().lock();
        try {
            if (handle == null) throw new OnedoorException(MISUSE, "MISUSE", "the engine is closed", null, null);
            PointerByReference out = new PointerByReference();
            status = LIB.od_call(handle, utf8(operation), utf8(requestJson == null ? "{}" : requestJson), out);
            text = take(out.getValue());
        } finally {
            lock.readLock().unlock();
        }
        if (status != OK) throw failure(status, text);
        return text;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (handle != null) {
                LIB.od_close(handle);
                handle = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public static String version() { return LIB.od_version().getString(0, "UTF-8"); }
    public static int versionNumber() { return LIB.od_version_number(); }
    public static String statusName(int status) { return LIB.od_status_name(status).getString(0, "UTF-8"); }

    /** NUL-terminated UTF-8, independent of file.encoding and jna.encoding. */
    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    /** Copies a document the library returned, as UTF-8, and frees it. */
    private static String take(Pointer p) {
        if (p == null) return null;
        try {
            return p.getString(0, "UTF-8");
        } finally {
            LIB.od_free(p);
        }
    }

    // The error document is flat: {"error":{"status":1,"code":"...","message":"...","field":"..."}}
    private static String member(String doc, String name) {
        if (doc == null) return null;
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(doc);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static OnedoorException failure(int status, String doc) {
        String code = member(doc, "code");
        String message = member(doc, "message");
        return new OnedoorException(status, code != null ? code : statusName(status),
                message != null ? message : "", member(doc, "field"), doc);
    }
}
