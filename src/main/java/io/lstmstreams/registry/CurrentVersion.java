package io.lstmstreams.registry;

import io.lstmstreams.wire.Json;
import java.io.IOException;

/**
 * Which version of a task's model runs, the value of {@code <task>/current} on the models topic. Wire format,
 * version 1: {@code {"v":1,"version":7,"pinned":false,"reason":"retrained: accuracy 0.81 -> 0.86"}}. Promotion,
 * pin and rollback are all just a new pointer record; a pinned pointer is never replaced by the retrainer.
 */
public record CurrentVersion(int v, long version, boolean pinned, String reason) {

    public static final int FORMAT_VERSION = 1;

    public static CurrentVersion of(long version, boolean pinned, String reason) {
        return new CurrentVersion(FORMAT_VERSION, version, pinned, reason);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    /** Throws {@link IllegalArgumentException} when the bytes are not a pointer of a known format version. */
    public static CurrentVersion fromJson(byte[] json) {
        CurrentVersion pointer;
        try {
            pointer = Json.MAPPER.readValue(json, CurrentVersion.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable pointer: " + e.getMessage(), e);
        }
        if (pointer.v() != FORMAT_VERSION) {
            throw new IllegalArgumentException("pointer format version " + pointer.v() + " is not " + FORMAT_VERSION);
        }
        return pointer;
    }
}
