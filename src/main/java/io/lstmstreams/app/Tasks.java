package io.lstmstreams.app;

import io.lstmstreams.config.ConfigKey;
import io.lstmstreams.config.ValueType;
import io.lstmstreams.forecast.ForecastTask;
import io.lstmstreams.logkeys.LogKeysTask;
import io.lstmstreams.pos.PosTask;
import io.lstmstreams.task.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tasks this build can run, and so every setting of {@code run}: a new task is one more entry in {@link #ALL}.
 * Nothing else in the app names a task.
 */
public final class Tasks {

    public static final List<Task<?, ?>> ALL = List.of(new PosTask(), new LogKeysTask(), new ForecastTask());

    /** {@code <task>.model} of every task. */
    private static final Map<Task<?, ?>, ConfigKey<Path>> MODELS = ALL.stream().collect(Collectors.toMap(
            Function.identity(), task -> ConfigKey.model(task.name(), task.description())));

    public static final ConfigKey<List<String>> PIPELINES = new ConfigKey<>("pipelines",
            ValueType.someOf(ALL.stream().map(Task::name).toList()), PosTask.NAME + "," + LogKeysTask.NAME,
            "The pipelines to run; each needs its <pipeline>.model. forecast is not in the default, so configurations"
                    + " without a forecast model keep working.");

    /** Every setting, in the order {@code run --help} shows them: general, each task's, retraining. */
    public static final List<ConfigKey<?>> SETTINGS = Stream.<Stream<ConfigKey<?>>>of(
            ConfigKey.GENERAL.stream(), Stream.of(PIPELINES),
            ALL.stream().flatMap(task -> Stream.concat(Stream.<ConfigKey<?>>of(model(task)), task.settings().stream())),
            ConfigKey.RETRAINING.stream()).flatMap(Function.identity()).distinct().toList();

    private Tasks() {
    }

    public static ConfigKey<Path> model(Task<?, ?> task) {
        return MODELS.get(task);
    }

    /** {@code <name>.model}. @throws IllegalArgumentException no task has that name */
    public static ConfigKey<Path> model(String name) {
        return MODELS.get(require(name));
    }

    public static Optional<Task<?, ?>> named(String name) {
        return ALL.stream().filter(task -> task.name().equals(name)).findFirst();
    }

    /** The task of that name. @throws IllegalArgumentException there is none, naming those there are */
    public static Task<?, ?> require(String name) {
        return named(name).orElseThrow(() -> new IllegalArgumentException("unknown task '" + name + "': "
                + ALL.stream().map(Task::name).collect(Collectors.joining(", "))));
    }
}
