import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Puts two sample grids side by side under a title each, for the docs:
 * {@code java scripts/SideBySide.java LEFT.png RIGHT.png OUT.png "left title" "right title" [SCALE]}.
 * A single-file program (Java 11+ runs it from source); nothing else in the project uses it.
 */
public final class SideBySide {
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println(
                    "usage: java scripts/SideBySide.java LEFT.png RIGHT.png OUT.png LEFT_TITLE RIGHT_TITLE [SCALE]");
            System.exit(2);
        }
        BufferedImage left = ImageIO.read(new File(args[0]));
        BufferedImage right = ImageIO.read(new File(args[1]));
        int scale = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        int gap = 12 * scale;
        int title = 14 * scale;
        int width = (left.getWidth() + right.getWidth()) * scale + 3 * gap;
        int height = Math.max(left.getHeight(), right.getHeight()) * scale + title + 2 * gap;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10 * scale));
        int top = gap + title;
        g.drawString(args[3], gap, gap + 10 * scale);
        g.drawImage(left, gap, top, left.getWidth() * scale, left.getHeight() * scale, null);
        int x = 2 * gap + left.getWidth() * scale;
        g.drawString(args[4], x, gap + 10 * scale);
        g.drawImage(right, x, top, right.getWidth() * scale, right.getHeight() * scale, null);
        g.dispose();
        ImageIO.write(out, "png", new File(args[2]));
    }
}
