/**
 * {@code demo}: the whole system on an embedded broker with the shipped data, for a bounded time. {@link Demo}
 * is the entry point. Each part of the system joins as a feed (what is replayed into its input topic,
 * {@link Feed}), a pipeline (started by {@link io.lstmstreams.app.LstmStreamsApp} from the demo's config) and a
 * panel (how {@link OutputReader} folds its output topic into {@link DemoState}, which the terminal view and the
 * web page show).
 */
package io.lstmstreams.demo;
