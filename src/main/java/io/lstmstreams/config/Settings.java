package io.lstmstreams.config;

/** Checked settings as a task reads them: each key's value, its default where no source gave one. */
public interface Settings {

    <T> T get(ConfigKey<T> key);

    /** These settings with {@code key} set to {@code value}: a benchmark or test run varying one setting. */
    default <V> Settings with(ConfigKey<V> key, V value) {
        Settings base = this;
        return new Settings() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get(ConfigKey<T> asked) {
                return asked.equals(key) ? (T) value : base.get(asked);
            }
        };
    }

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
