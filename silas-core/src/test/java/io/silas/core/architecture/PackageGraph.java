package io.silas.core.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Package-to-package arrows (as {@code jdeps -verbose:package} prints them) and the dependency loops among them: the
 * strongly connected components of more than one package, found with Tarjan's algorithm. Immutable.
 */
public final class PackageGraph {
    /** An arrow line of {@code jdeps -verbose:package}: indented, {@code from -> to   archive}. */
    private static final Pattern ARROW = Pattern.compile("^\\s+([\\w.$]+)\\s+->\\s+([\\w.$]+)(?:\\s.*)?$");

    private final SortedMap<String, SortedSet<String>> arrows;

    private PackageGraph(Map<String, ? extends Set<String>> arrows) {
        SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
        arrows.forEach((from, to) -> {
            SortedSet<String> targets = new TreeSet<>(to);
            targets.remove(from);
            copy.put(from, Collections.unmodifiableSortedSet(targets));
            targets.forEach(t -> copy.putIfAbsent(t, Collections.emptySortedSet()));
        });
        this.arrows = Collections.unmodifiableSortedMap(copy);
    }

    /** A graph from explicit arrows (a package's arrow to itself is ignored). */
    public static PackageGraph of(Map<String, ? extends Set<String>> arrows) {
        return new PackageGraph(arrows);
    }

    /** The arrows of {@code jdeps -verbose:package} output whose both ends start with {@code prefix}. */
    public static PackageGraph parseJdeps(String output, String prefix) {
        Map<String, Set<String>> arrows = new HashMap<>();
        for (String line : output.split("\\R")) {
            Matcher m = ARROW.matcher(line);
            if (m.matches() && m.group(1).startsWith(prefix) && m.group(2).startsWith(prefix)) {
                arrows.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return new PackageGraph(arrows);
    }

    /** Every package named as a source or target of an arrow. */
    public SortedSet<String> packages() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(arrows.keySet()));
    }

    /** The packages {@code pkg} depends on directly (empty when unknown). */
    public SortedSet<String> dependenciesOf(String pkg) {
        return arrows.getOrDefault(pkg, Collections.emptySortedSet());
    }

    /** The number of arrows between different packages. */
    public int arrowCount() {
        return arrows.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * The arrows that leave {@code ownPrefix} (a module's root package, e.g. {@code io.silas.gates}) for a package
     * not under {@code allowedPrefix} (e.g. {@code io.silas.core}), as {@code "from -> to"} lines.
     */
    public List<String> arrowsLeaving(String ownPrefix, String allowedPrefix) {
        List<String> found = new ArrayList<>();
        arrows.forEach((from, targets) -> {
            if (under(from, ownPrefix)) {
                targets.stream().filter(t -> !under(t, ownPrefix) && !under(t, allowedPrefix))
                        .forEach(t -> found.add(from + " -> " + t));
            }
        });
        return found;
    }

    private static boolean under(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    /** Each dependency loop as the sorted set of its packages; empty when the graph is acyclic. */
    public List<Set<String>> cycles() {
        return new Tarjan().run();
    }

    /** Iterative Tarjan (no recursion depth limit). */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final List<Set<String>> result = new ArrayList<>();
        private int next;

        List<Set<String>> run() {
            for (String v : arrows.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return result;
        }

        private void visit(String root) {
            Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
            open(root);
            work.push(Map.entry(root, arrows.get(root).iterator()));
            while (!work.isEmpty()) {
                Map.Entry<String, java.util.Iterator<String>> top = work.peek();
                String v = top.getKey();
                if (top.getValue().hasNext()) {
                    String w = top.getValue().next();
                    if (!index.containsKey(w)) {
                        open(w);
                        work.push(Map.entry(w, arrows.get(w).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    SortedSet<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) {
                        result.add(Collections.unmodifiableSortedSet(component));
                    }
                }
            }
        }

        private void open(String v) {
            index.put(v, next);
            low.put(v, next);
            next++;
            stack.push(v);
            onStack.add(v);
        }
    }

    @Override
    public String toString() {
        return arrows.toString();
    }
}
