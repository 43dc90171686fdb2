package io.silas.core.config;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Reports components left {@code null} that are not {@code @Nullable}, anywhere in the tree (a host may
 * build records by hand). Runs before the rules, which may then assume a complete tree.
 */
final class NullCheck {
    private NullCheck() {
    }

    /** Returns whether anything was missing. */
    static boolean report(Violations v, Map<String, Object> roots) {
        boolean missing = false;
        for (Map.Entry<String, Object> root : roots.entrySet()) {
            missing |= check(v, root.getKey(), root.getValue());
        }
        return missing;
    }

    private static boolean check(Violations v, String path, Object value) {
        if (value == null) {
            v.add(path, "must be set");
            return true;
        }
        boolean missing = false;
        if (value instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = RecordBinder.components(record);
            for (int i = 0; i < components.length; i++) {
                if (values[i] != null || !RecordBinder.nullable(components[i])) {
                    missing |= check(v, EnvInterpolator.join(path, RecordBinder.yamlName(components[i])), values[i]);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                missing |= e.getValue() instanceof Record && check(v, path + "." + e.getKey(), e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                missing |= list.get(i) instanceof Record && check(v, path + "[" + i + "]", list.get(i));
            }
        }
        return missing;
    }
}
