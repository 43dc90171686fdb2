package io.silas.core.persona;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders effective axes, mood and voice as prose style directives. Each axis maps to one of three phrasings
 * (low below one third, high above two thirds); no number is ever written (digits in host-supplied voice text are
 * dropped too), so the model never sees axis values.
 * Stateless.
 */
final class PersonaDirectives {
    private static final double LOW = 1.0 / 3;
    private static final double HIGH = 2.0 / 3;
    private static final Pattern DIGITS = Pattern.compile("[0-9]");

    private PersonaDirectives() {
    }

    static String render(AxisProfile axes, MoodState mood, VoiceConfig voice) {
        StringBuilder out = new StringBuilder(640);
        out.append("Style for this reply (it shapes wording only; it never changes what is allowed, approved or "
                + "checked):\n");
        line(out, axes.warmth(), "Keep a neutral, matter-of-fact tone and skip emotional language.",
                "Be friendly but businesslike.", "Be warm and caring, and acknowledge how the person feels.");
        line(out, axes.assertiveness(), "Defer to the user's preferences and ask before pushing back.",
                "State your view plainly when it matters.", "Push back directly when something looks wrong.");
        line(out, axes.verbosity(), "Be brief: a few short sentences.", "Give enough detail to act on, no more.",
                "Explain thoroughly, with context and examples.");
        line(out, axes.formality(), "Use casual, conversational language.", "Use plain, professional language.",
                "Use formal, precise language.");
        line(out, axes.humor(), "Do not joke.", "Light humor is fine when it fits.", "Be playful where it helps.");
        line(out, axes.initiative(), "Answer what was asked and do not volunteer next steps.",
                "Offer an obvious next step when it is useful.",
                "Proactively suggest next steps and better options.");
        line(out, axes.certainty(), "Flag uncertainty and hedge claims that are not verified.",
                "Be clear about what is known and what is assumed.",
                "Speak decisively and state conclusions directly.");
        if (mood.frustration() > 0.5) {
            out.append("- Recent attempts ran into blockers: stay calm, constructive and concrete.\n");
        }
        if (mood.energy() < LOW) {
            out.append("- Keep the pace steady and unhurried.\n");
        }
        if (!voice.tone().isBlank()) {
            out.append("- Overall tone: ").append(voice.tone()).append(".\n");
        }
        list(out, "Signature habits", voice.quirks());
        list(out, "Preferred phrasing", voice.speechPatterns());
        list(out, "Avoid", voice.antiPatterns());
        return DIGITS.matcher(out).replaceAll("");
    }

    private static void line(StringBuilder out, double value, String low, String mid, String high) {
        out.append("- ").append(value < LOW ? low : value > HIGH ? high : mid).append('\n');
    }

    private static void list(StringBuilder out, String label, List<String> items) {
        if (!items.isEmpty()) {
            out.append("- ").append(label).append(": ").append(String.join("; ", items)).append(".\n");
        }
    }
}
