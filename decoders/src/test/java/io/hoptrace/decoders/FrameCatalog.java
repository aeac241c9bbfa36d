package io.hoptrace.decoders;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Every Ethernet frame literal in {@link Frames}, for sweeps. */
final class FrameCatalog {
    private FrameCatalog() {
    }

    static List<String> all() {
        List<String> hex = new ArrayList<>();
        for (Field f : Frames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().startsWith("SLL")) {
                try {
                    hex.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return hex;
    }
}
