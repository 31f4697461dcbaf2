package io.lstmstreams.config;

/** Checked settings as a task reads them: each key's value, its default where no source gave one. */
public interface Settings {

    <T> T get(ConfigKey<T> key);

    /** Every key at its default: offline tools and tests that run a task without a configuration. */
    static Settings defaults() {
        return new Settings() {
            @Override
            public <T> T get(ConfigKey<T> key) {
                if (key.defaultValue() == null) {
                    throw new IllegalStateException(key.name() + " has no default");
                }
                return key.type().parser().apply(key.defaultValue());
            }
        };
    }
}
