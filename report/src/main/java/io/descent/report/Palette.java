package io.descent.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives each series name a {@link Style}, the same one every time it is asked in one report, so that "adam" is
 * the same blue on the loss curves, on the contour plot and in the comparison.
 *
 * <p>Colours come from the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), which readers
 * with the common colour-vision deficiencies can tell apart; its yellow is left out because it is too pale on
 * white. Seven colours do not cover thirteen optimizers, so related methods share a colour and differ by dash:
 * momentum solid and Nesterov dashed, Adam solid and AMSGrad dashed, and so on. These names (compared without
 * case, surrounding blanks ignored) always get the same style, whatever else the palette has seen: sgd,
 * momentum, nesterov, adagrad, adadelta, rmsprop, adam, amsgrad, adamw, nadam, adamax, newton, lbfgs
 * (also spelled l-bfgs). Any other name gets the next style of a fixed sequence (solid colours first, then
 * dashed, dotted, dash-dot) that no name in this palette holds yet; after all 28 styles the sequence starts
 * over. A fixed name asked for after another name took its style still gets it, so a chart that mixes
 * optimizer names with other names can repeat a style: give such a chart its own palette.
 *
 * <pre>{@code
 * Palette palette = new Palette();
 * palette.style("Adam").color();          // Palette.BLUE, in every palette
 * palette.style("train loss").color();   // the first free style of the sequence
 * }</pre>
 *
 * <p>One palette serves one report; it remembers the names it was asked about, so it is not thread-safe.
 */
public final class Palette {
    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);

    /** The colours in the order the fallback sequence and {@link #classColor} use them. */
    private static final List<Color> ORDER =
            List.of(BLUE, VERMILLION, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, BLACK);

    private static final Map<String, Style> FIXED = Map.ofEntries(
            Map.entry("sgd", new Style(BLACK, Dash.SOLID)),
            Map.entry("momentum", new Style(ORANGE, Dash.SOLID)),
            Map.entry("nesterov", new Style(ORANGE, Dash.DASHED)),
            Map.entry("adagrad", new Style(SKY_BLUE, Dash.SOLID)),
            Map.entry("adadelta", new Style(SKY_BLUE, Dash.DASHED)),
            Map.entry("rmsprop", new Style(BLUISH_GREEN, Dash.SOLID)),
            Map.entry("adam", new Style(BLUE, Dash.SOLID)),
            Map.entry("amsgrad", new Style(BLUE, Dash.DASHED)),
            Map.entry("adamw", new Style(VERMILLION, Dash.SOLID)),
            Map.entry("nadam", new Style(REDDISH_PURPLE, Dash.SOLID)),
            Map.entry("adamax", new Style(REDDISH_PURPLE, Dash.DASHED)),
            Map.entry("newton", new Style(BLACK, Dash.DASHED)),
            Map.entry("lbfgs", new Style(BLUISH_GREEN, Dash.DASHED)),
            Map.entry("l-bfgs", new Style(BLUISH_GREEN, Dash.DASHED)));

    private static final List<Style> SEQUENCE = sequence();

    private final Map<String, Style> assigned = new HashMap<>();

    /** The names that always get the same style, in lower case. */
    public static Collection<String> fixedNames() {
        return FIXED.keySet();
    }

    /** The style of {@code name}: its fixed one, the one given to it before, or the next free one. */
    public Style style(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a series needs a non-blank name to get a colour, got '" + name + "'");
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        Style fixed = FIXED.get(key);
        if (fixed != null) {
            assigned.putIfAbsent(key, fixed);
            return fixed;
        }
        Style known = assigned.get(key);
        if (known != null) {
            return known;
        }
        Style next = nextFree();
        assigned.put(key, next);
        return next;
    }

    /** Shorthand for {@code style(name).color()}. */
    public Color color(String name) {
        return style(name).color();
    }

    private Style nextFree() {
        Collection<Style> taken = assigned.values();
        for (Style s : SEQUENCE) {
            if (!taken.contains(s)) {
                return s;
            }
        }
        // Every style is held: go round the sequence again.
        return SEQUENCE.get(assigned.size() % SEQUENCE.size());
    }

    /**
     * The colour of class {@code k} in classification charts: blue, vermillion, bluish green, orange, reddish
     * purple, sky blue, black.
     *
     * @throws IllegalArgumentException for {@code k} outside {@code 0..}{@link #classCount()}{@code -1}
     */
    public static Color classColor(int k) {
        if (k < 0 || k >= ORDER.size()) {
            throw new IllegalArgumentException("class index " + k + " has no colour: charts tell apart classes 0 to "
                    + (ORDER.size() - 1));
        }
        return ORDER.get(k);
    }

    /** How many classes {@link #classColor} can tell apart. */
    public static int classCount() {
        return ORDER.size();
    }

    /** {@code c} mixed with white: {@code amount} 0 gives {@code c}, 1 gives white. */
    public static Color lighten(Color c, double amount) {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("lighten amount must be in [0, 1], got " + amount);
        }
        return new Color(mix(c.getRed(), amount), mix(c.getGreen(), amount), mix(c.getBlue(), amount));
    }

    private static int mix(int channel, double amount) {
        return (int) Math.round(channel + (255 - channel) * amount);
    }

    private static List<Style> sequence() {
        List<Style> s = new ArrayList<>();
        for (Dash d : Dash.values()) {
            for (Color c : ORDER) {
                s.add(new Style(c, d));
            }
        }
        return List.copyOf(s);
    }
}
