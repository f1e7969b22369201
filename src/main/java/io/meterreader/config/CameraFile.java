package io.meterreader.config;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The cameras file ({@code meter-reader.cameras-file}): cameras that can be added, changed and
 * removed while the service runs. It holds one key, {@code cameras}, a list written exactly as
 * {@code meter-reader.cameras} is, and is bound and checked by the same rules: Spring Boot's
 * binder over the file's YAML with the same conversions and constraints, unknown keys refused.
 * Any mistake is a {@link ConfigurationException} that names the file, the key and what is wrong.
 */
public final class CameraFile {

    private static final String KEY = "cameras";
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    /** A camera's keys, as the file writes them. */
    static final List<String> CAMERA_KEYS = Arrays.stream(CameraProperties.class.getRecordComponents())
            .map(c -> kebab(c.getName())).toList();

    private CameraFile() {
    }

    /**
     * The cameras in force with a cameras file: those of {@code meter-reader.cameras}, then the
     * file's (none without a file).
     *
     * @param file the cameras file; null: none
     * @throws ConfigurationException as {@link #load}
     */
    public static List<CameraProperties> withFixed(List<CameraProperties> fixed, Path file) {
        List<CameraProperties> all = new ArrayList<>(fixed);
        if (file != null) {
            all.addAll(load(file, fixed.stream().map(CameraProperties::id).toList()));
        }
        return all;
    }

    /**
     * The file's cameras, in its order.
     *
     * @param taken the ids of the cameras configured elsewhere ({@code meter-reader.cameras}), which
     *              the file may not use again
     * @return the cameras; none for a file that sets {@code cameras: []} (or {@code cameras:})
     * @throws ConfigurationException when the file is missing, is not YAML, lacks the {@code cameras}
     *                                key or a camera is wrong
     */
    public static List<CameraProperties> load(Path file, Collection<String> taken) {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(where, "(file)", "does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(where, "(file)", "cannot be read: permission denied");
        }
        List<PropertySource<?>> yaml;
        try {
            yaml = new YamlPropertySourceLoader().load(where, new FileSystemResource(file));
        } catch (Exception e) {
            throw new ConfigurationException(where, "(file)", "is not valid YAML: " + yamlProblem(e));
        }
        if (yaml.size() > 1) {
            // the binder would take the first document's cameras and drop the others' without a word
            throw new ConfigurationException(where, "(file)", "holds " + yaml.size() + " YAML documents (split by "
                    + "'---'): write every camera in one list under one 'cameras:'");
        }
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.from(yaml).forEach(sources::add);
        boolean listed = false;
        for (ConfigurationPropertySource source : sources) {
            for (var name : ((IterableConfigurationPropertySource) source)) {
                String key = name.toString();
                if (!key.equals(KEY) && !key.startsWith(KEY + "[")) {
                    String top = key.split("[.\\[]", 2)[0];
                    throw new ConfigurationException(where, key, "is not a key of the cameras file (it holds one: cameras"
                            + (ConfigKeys.closest(top, Set.of(KEY), 2) == null ? "" : "; did you mean cameras?") + ")");
                }
                listed = true;
            }
        }
        if (!listed) {
            // An empty file also looks like this when it is caught half-written or its share is unmounted.
            throw new ConfigurationException(where, KEY, "is missing (write 'cameras: []' for a file with no camera)");
        }
        List<CameraProperties> cameras = bind(new Binder(sources, null, conversions()), where);
        CameraProperties.ListProblem problem = CameraProperties.problem(cameras, taken);
        if (problem != null) {
            throw new ConfigurationException(where, KEY + "[" + problem.index() + "]." + problem.field(), problem.problem());
        }
        return cameras;
    }

    /** SnakeYAML's first line (what is wrong) and the line and column where it saw it, without the echoed text. */
    private static String yamlProblem(Exception e) {
        Throwable t = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        List<String> lines = String.valueOf(t.getMessage()).lines().map(String::strip).toList();
        String first = lines.isEmpty() ? t.getClass().getSimpleName() : lines.get(0);
        return lines.stream().skip(1).filter(l -> l.matches(".*line \\d+, column \\d+.*")).reduce((a, b) -> b)
                .map(l -> first + " (" + l.replaceAll("^.*(line \\d+, column \\d+).*$", "$1") + ")").orElse(first);
    }

    private static List<CameraProperties> bind(Binder binder, String where) {
        BindHandler handler = new ValidationBindHandler(new NoUnboundElementsBindHandler(BindHandler.DEFAULT),
                new SpringValidatorAdapter(VALIDATION.getValidator()));
        try {
            return List.copyOf(binder.bind(KEY, Bindable.listOf(CameraProperties.class), handler).orElse(List.of()));
        } catch (BindException e) {
            throw new ConfigurationException(where, fieldOf(e), problemOf(e));
        }
    }

    private static ApplicationConversionService conversions() {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(new CameraUrlConverter());
        conversions.addConverter(new RtspClientConverter());
        return conversions;
    }

    private static String fieldOf(BindException e) {
        if (e.getCause() instanceof BindValidationException invalid
                && !invalid.getValidationErrors().getAllErrors().isEmpty()) {
            // the first mistake, as problemOf says it
            ObjectError first = invalid.getValidationErrors().getAllErrors().get(0);
            String object = invalid.getValidationErrors().getName().toString();
            return first instanceof FieldError field ? object + "." + kebab(field.getField()) : object;
        }
        if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
            return unbound.getUnboundProperties().stream().map(p -> p.getName().toString()).sorted()
                    .collect(Collectors.joining(", "));
        }
        return e.getName().toString();
    }

    /** A record component's name as a key: readInterval as read-interval. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String problemOf(BindException e) {
        if (e.getCause() instanceof BindValidationException invalid) {
            return invalid.getValidationErrors().getAllErrors().stream().map(ObjectError::getDefaultMessage)
                    .findFirst().orElse("is not valid");
        }
        if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
            // a slip or two (read-intervall, keyframe-only): the key meant, as a calibration file says it
            String meant = unbound.getUnboundProperties().stream().map(p -> p.getName().getLastElement(Form.DASHED))
                    .sorted().findFirst().map(name -> ConfigKeys.closest(name, CAMERA_KEYS, Math.max(1, name.length() / 4)))
                    .orElse(null);
            return "is not a camera key (" + (meant == null ? "" : "did you mean " + meant + "? ") + "known: "
                    + String.join(", ", CAMERA_KEYS) + ")";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "cannot be read: " + root.getMessage();
    }
}
