package io.lstmstreams.registry;

/**
 * The key of a record on the models topic: {@code <task>/<version>} for a bundle, {@code <task>/current} for the
 * task's {@link CurrentVersion}. Compaction keeps every version's bundle and the latest pointer of each task.
 *
 * @param version the bundle's version, or null for the pointer
 */
record RegistryKey(String task, Long version) {

    static final String CURRENT = "current";

    static RegistryKey bundle(String task, long version) {
        return new RegistryKey(task, version);
    }

    static RegistryKey current(String task) {
        return new RegistryKey(task, null);
    }

    /** Throws {@link IllegalArgumentException} for a key of neither shape. */
    static RegistryKey parse(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("key '" + key + "' is not <task>/<version> or <task>/current");
        }
        String task = key.substring(0, slash);
        String suffix = key.substring(slash + 1);
        if (suffix.equals(CURRENT)) {
            return current(task);
        }
        try {
            return bundle(task, Long.parseLong(suffix));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' is not <task>/<version> or <task>/current");
        }
    }

    boolean isPointer() {
        return version == null;
    }

    @Override
    public String toString() {
        return task + "/" + (version == null ? CURRENT : version.toString());
    }
}
