package io.meterreader.api;

/** A request named a camera or meter that does not exist. */
final class NotFoundException extends RuntimeException {

    private final String kind;
    private final String id;

    NotFoundException(String kind, String id) {
        this(kind, id, "No " + kind + " with id '" + id + "'");
    }

    NotFoundException(String kind, String id, String detail) {
        super(detail);
        this.kind = kind;
        this.id = id;
    }

    String kind() {
        return kind;
    }

    String id() {
        return id;
    }
}
