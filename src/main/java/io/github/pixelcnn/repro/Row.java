package io.github.pixelcnn.repro;

import io.github.pixelcnn.BadParameterException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The paper's claims that a reproduction tests, one comparison row each. */
public enum Row {
    /** §2.1–2.2: the gated stacks beat the masked PixelCNN at (nearly) the same parameter count. */
    A("the Gated PixelCNN beats the masked PixelCNN at equal parameters"),
    /** §2.3, §3.2: conditioning on the class lowers bits/dim. */
    B("class-conditioning lowers bits/dim"),
    /** §3.4: the auto-encoder's code lowers the decoder's bits/dim a lot. */
    C("the auto-encoder's code lowers the decoder's bits/dim");

    private final String claim;

    Row(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    /** The row's letter as the results name it: a, b or c. */
    public String letter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Rows from their letters, e.g. {@code "a,c"}; any case, spaces ignored. */
    public static Set<Row> parse(String letters) {
        EnumSet<Row> rows = EnumSet.noneOf(Row.class);
        for (String part : letters.split(",")) {
            String p = part.strip();
            try {
                rows.add(Row.valueOf(p.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("rows", "must be letters among a, b, c separated by commas, got " + letters);
            }
        }
        return rows;
    }
}
