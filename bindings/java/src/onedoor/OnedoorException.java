package onedoor;

/** A status other than OK from the library, with the error document's parts. */
public class OnedoorException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final String document;

    public OnedoorException(int status, String code, String message, String field, String document) {
        super(code + ": " + message + (field != null ? " (field " + field + ")" : ""));
        this.status = status;
        this.code = code;
        this.field = field;
        this.document = document;
    }

    /** The status code (OD_ERR_*, e.g. 1 for INVALID). */
    public int status() { return status; }
    /** Its name: "INVALID", "NOT_FOUND", ... */
    public String code() { return code; }
    /** The JSON path of the offending request field, or null. */
    public String field() { return field; }
    /** The whole error document, JSON. */
    public String document() { return document; }
}
